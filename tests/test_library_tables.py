"""The generated table of other libraries' module classes, and the generator's reading of
a library (on a wheel built here: the real ones are downloaded only to regenerate)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from conftest import codes, load_tool
from modlint.semantic import library_tables, torch_api


def _generator():
    return load_tool("generate_library_tables")


def test_the_generator_finds_module_classes_through_imports_aliases_and_stars(tmp_path):
    wheel = tmp_path / "lib-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("lib/__init__.py", "from .layers import *\nfrom .core import Base\n")
        archive.writestr("lib/core.py", "from torch import nn\n\nclass Base(nn.Module):\n"
                                        "    pass\n\nclass Helper:\n    pass\n")
        archive.writestr("lib/layers.py", "from lib.core import Base\n\n__all__ = ['Block']\n\n"
                                          "class Block(Base):\n    pass\n\nAlias = Block\n")
        archive.writestr("lib-1.0.dist-info/METADATA", "Name: lib\n")
    names, self_initialising = _generator().module_names(wheel, "lib", tmp_path / "src")
    assert names == {"lib.Base", "lib.Block", "lib.core.Base", "lib.layers.Base",
                     "lib.layers.Block", "lib.layers.Alias"}
    assert self_initialising == set()


def test_the_generator_follows_a_module_alias_a_star_brings_and_self_initialising_bases(
        tmp_path, monkeypatch):
    # fastai: `import torch.nn as nn` in torch_imports, `from .torch_imports import *` in
    # torch_core, `class Module(nn.Module, metaclass=PrePostInitMeta)` there
    wheel = tmp_path / "fa-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("fa/__init__.py", "")
        archive.writestr("fa/torch_imports.py", "import torch.nn as nn\n")
        archive.writestr("fa/torch_core.py", "from .torch_imports import *\n\n"
                                             "class Module(nn.Module, metaclass=Meta):\n"
                                             "    pass\n")
        archive.writestr("fa/layers.py", "from .torch_core import *\n\n"
                                         "class Flatten(Module):\n    pass\n\n"
                                         "class Seq(nn.Sequential):\n    pass\n")
    generator = _generator()
    monkeypatch.setattr(generator, "SELF_INITIALISING_ROOTS", frozenset({"fa.torch_core.Module"}))
    names, self_initialising = generator.module_names(wheel, "fa", tmp_path / "src")
    assert {"fa.torch_core.Module", "fa.layers.Module", "fa.layers.Flatten",
            "fa.layers.Seq"} <= names
    assert self_initialising == {"fa.torch_core.Module", "fa.layers.Module",
                                 "fa.layers.Flatten"}


def test_the_committed_table_is_sorted_and_renders_back():
    names = set(library_tables.LIBRARY_MODULE_CLASSES)
    self_initialising = set(library_tables.SELF_INITIALISING_CLASSES)
    text = Path(library_tables.__file__).read_text(encoding="utf-8")
    assert _generator().render(names, self_initialising) == text


def test_subclasses_of_the_libraries_classes_are_modules():
    for name in ("torchvision.models.inception.InceptionA", "torchmetrics.Metric",
                 "torch_geometric.nn.MessagePassing", "segmentation_models_pytorch.Unet",
                 "pytorch_lightning.core.lightning.LightningModule", "timm.layers.Mlp",
                 "timm.models.layers.Mlp"):
        assert torch_api.is_module_class_name(name), name
    assert not torch_api.is_module_class_name("torchmetrics.MetricCollection.keys")
    source = ("from torchvision.models import inception\n\n"
              "class FIDInceptionA(inception.InceptionA):\n"
              "    def __init__(self, channels):\n        self.pool = channels\n")
    assert "MOD101" in codes(source)
