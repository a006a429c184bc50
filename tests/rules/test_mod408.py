"""MOD408 torchvision-pretrained, and its table against torchvision's own decorators."""

import ast
import textwrap
from pathlib import Path

import pytest

from conftest import ALL, fixed
from modlint.api import lint_source
from modlint.rules.torchvision_weights import LEGACY_WEIGHTS

CORPUS = Path(__file__).resolve().parents[2] / "benchmarks" / ".cache" / "corpus"


def lint(source: str):
    return [(d.line, d.code) for d in lint_source(textwrap.dedent(source), ALL).diagnostics]


def test_reported_in_every_form():
    assert lint("""\
        import torchvision
        from torchvision import models
        from torchvision.models.segmentation import deeplabv3_resnet50 as deeplab
        a = torchvision.models.resnet50(pretrained=True)
        b = models.resnet.resnet101(True)
        c = deeplab(pretrained=flag)
        d = torchvision.models.detection.ssdlite320_mobilenet_v3_large(pretrained_backbone=False)
    """) == [(4, "MOD408"), (5, "MOD408"), (6, "MOD408"), (7, "MOD408")]


def test_fix_gives_the_legacy_weights():
    assert fixed("""\
        from torchvision import models
        a = models.resnet50(pretrained=True, progress=False)
        b = models.resnet50(False)
        c = models.detection.ssdlite320_mobilenet_v3_large(pretrained=True, pretrained_backbone=True)
    """, unsafe=False) == textwrap.dedent("""\
        from torchvision import models
        a = models.resnet50(weights=models.ResNet50_Weights.IMAGENET1K_V1, progress=False)
        b = models.resnet50(weights=None)
        c = models.detection.ssdlite320_mobilenet_v3_large(weights=models.detection.SSDLite320_MobileNet_V3_Large_Weights.COCO_V1, weights_backbone=models.MobileNet_V3_Large_Weights.IMAGENET1K_V1)
    """)


def test_no_fix_for_unknown_flags_or_computed_weights():
    source = "import torchvision\na = torchvision.models.resnet50(pretrained=flag)\n"
    assert fixed(source) == source
    source = "import torchvision\na = torchvision.models.resnet50(True, False)\n"  # progress
    assert lint(source) == [(2, "MOD408")] and fixed(source) == source
    source = "import torchvision\nq = torchvision.models.quantization.resnet18(pretrained=True)\n"
    assert lint(source) == [(2, "MOD408")] and fixed(source) == source


def test_not_reported():
    assert lint("""\
        import torchvision
        from torchvision.models.vgg import make_layers, cfgs
        a = torchvision.models.resnet50(weights=None)
        b = make_layers(cfgs["D"], False)
        c = other.resnet50(pretrained=True)
    """) == []


def _decorated(root: Path) -> dict:
    """builder -> legacy parameters, read from the @handle_legacy_interface decorators."""
    found = {}
    for path in (root / "models").rglob("*.py"):
        for node in ast.parse(path.read_text()).body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for deco in node.decorator_list:
                if isinstance(deco, ast.Call) and getattr(deco.func, "id", "") == \
                        "handle_legacy_interface":
                    module = ".".join(path.relative_to(root).with_suffix("").parts)
                    found[f"torchvision.{module}.{node.name}"] = {
                        kw.value.elts[0].value: ast.unparse(kw.value.elts[1])
                        for kw in deco.keywords}
    return found


def test_table_matches_torchvision():
    roots = sorted(CORPUS.glob("torchvision-*/torchvision"))
    if not roots:
        pytest.skip("the benchmark corpus is not fetched (benchmarks/corpus/fetch.py)")
    decorated = _decorated(roots[-1])
    assert decorated and set(decorated) <= set(LEGACY_WEIGHTS)
    for builder, legacy in decorated.items():
        for parameter, _, weights in LEGACY_WEIGHTS[builder]:
            spelled = legacy[parameter]
            if weights is None:
                assert "lambda" in spelled or spelled == "None"
            else:
                assert weights.endswith(spelled)
