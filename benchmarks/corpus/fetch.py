"""The benchmark corpus: pinned wheels of real PyTorch model code, unpacked once.

    python benchmarks/corpus/fetch.py                  # fetch what is missing, print the folder
    python benchmarks/corpus/fetch.py --list           # one line per package: name, folder, files
    python benchmarks/corpus/fetch.py --group blind    # another group (dev, heldout, unseen, fresh, blind, sealed)

Importable too: ``fetch(group=...)`` returns a ``Corpus`` whose ``packages`` map each name
to the folder holding that package's Python files; ``present(group=...)`` fetches nothing.

Seven groups:

- ``default``: torchvision, timm, diffusers and transformers, the packages the speed
  benchmarks, the gate and the first corpus review were measured on (the rules were tuned
  on them).
- ``dev``: packages no rule was tuned on before; their findings are read to find false
  positives, and the rules may be changed after seeing them. Seen.
- ``heldout``: packages linted first only to measure precision and recall. Seen too: its
  findings have been read, and rules were changed afterwards, so a later measure on it is
  no longer one on code nothing was tuned on.
- ``unseen``: packages chosen, pinned and fixed in this list before any of them was
  linted, to measure precision and recall on code no rule was tuned on (issue 12); no
  package is added, removed or re-pinned after its findings are seen, and when rules are
  changed after seeing them, this group too becomes seen and a new one is needed. Seen
  now: rules were changed after its findings and misses were read.
- ``fresh``: the next group chosen that way, pinned and committed before any of its
  packages was linted: ten research packages (diffusion samplers, protein language
  models, neural CDEs, two face and image restoration releases, music separation, chest
  X-ray models, two Bayesian-layer libraries, equivariant graph networks) and eight
  libraries (NLP pipelines, time-series forecasting, self-supervised learning, image
  quality metrics, second-order backpropagation, a vision training framework, text
  generation, geospatial models). The same rule holds: nothing is added, removed or
  re-pinned after its findings are seen. Seen now too: its first run is recorded in
  ``review.md`` and the recall results, and rules were changed after it.
- ``blind``: the next such group, pinned and committed before any of its packages was
  linted: ten research packages (cell segmentation, rotation-equivariant CNNs,
  EfficientDet, face detection and parsing, a text-to-image diffusion model, VQGAN,
  neural network potentials for molecules, meta-learning, YOLOv5, self-supervised
  learning) and eight libraries (scattering transforms, time-series forecasting,
  speaker diarization, recommender models, atomistic networks, time-series
  classification, an image-quality loss, neural differential equations). Seen now: its
  first run is recorded in ``review.md`` and the recall results, and rules were changed
  after it.
- ``sealed``: the next such group, pinned and committed before any of its packages was
  linted: ten research packages (an AlphaFold2 reimplementation, OCR, spectrogram layers,
  LaTeX OCR, image-quality models, a zoo of autoencoders, spiking networks, dependency
  parsers, knowledge distillation, GANs) and eight libraries (continual learning, a
  training framework, time-series forecasting, machine translation, document OCR, vision
  building blocks, reinforcement learning, drug discovery). Unseen until its first run is
  recorded.

How a package went into ``dev`` or ``heldout`` was fixed before any of them was linted,
and no package moves between the groups afterwards; none of ``unseen`` is in another
group, and it was chosen by the same rule: each group holds, in about equal parts,
research code (the release of a paper's models by its authors, or a reimplementation of
papers, published between 2019 and 2022, pinned to a version of that time) and maintained
libraries of several domains (vision, language, audio, reinforcement learning, knowledge
graphs, probabilistic models, geometry), so that neither group is easier than the other;
packages by the same hands (a reimplementer's several repositories) are split across
both. ``unseen`` has nine research packages (face recognition, liquid time-constant
networks, Perceiver, BigGAN, a zoo of reimplemented image models, ResNeSt, tabular
networks, neural SDEs, transformer variants) and seven libraries (Bayesian optimisation,
interpretability, click-through-rate models, differential privacy, training loops,
wide-and-deep tabular models, medical imaging); a reimplementer with packages in the
other groups (x-transformers and perceiver-pytorch: the author of vit-pytorch and
performer-pytorch) may have more here, never the same package. A package is in the
corpus only when PyPI has a wheel of it: building an sdist runs its setup script, which
for model code often imports torch.

The wheels are fetched with ``pip download --no-deps`` (nothing is installed) and only
the ``.py`` files of the package's own import packages are kept. The default folder is
``benchmarks/.cache/corpus`` (git ignores it). Git also makes linters that respect
.gitignore skip it, so the folder is made a git repository of its own (``git init``,
nothing committed): inside it nothing is ignored. ``MODLINT_CORPUS_DIR`` or ``--dir``
choose another folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional


@dataclass(frozen=True)
class Pin:
    name: str  # the distribution's name on PyPI
    version: str
    released: str  # year-month of the pinned release
    research: bool  # a paper's code or a reimplementation of papers, not a maintained library
    imports: tuple[str, ...] = ()  # the import packages kept; the name when empty
    # The CPython version of a platform wheel, for releases with no pure-Python wheel.
    python: Optional[str] = None

    @property
    def packages(self) -> tuple[str, ...]:
        return self.imports or (self.name,)


# name -> version. Changing a pin changes the folder, so results name what they measured.
PINS = {
    "torchvision": "0.29.1",
    "timm": "1.0.31",
    "diffusers": "0.42.1",
    "transformers": "5.24.0",
}

# default: tuned on; dev and heldout: seen (their findings were read, rules changed after);
# unseen: fixed before any of its packages was linted, seen since; fresh, blind and sealed:
# the next such groups.
GROUPS: dict[str, tuple[Pin, ...]] = {
    "default": tuple(Pin(name, version, "2025", False) for name, version in PINS.items()),
    "dev": (
        Pin("asteroid", "0.6.0", "2022-06", True),
        Pin("fairseq", "0.10.2", "2021-01", True, python="3.8"),
        Pin("labml-nn", "0.4.128", "2022-08", True, ("labml_nn",)),
        Pin("pytorch-tabnet", "4.0", "2022-06", True, ("pytorch_tabnet",)),
        Pin("stylegan2-pytorch", "1.8.9", "2022-07", True, ("stylegan2_pytorch",)),
        Pin("torchdiffeq", "0.2.3", "2022-04", True),
        Pin("vit-pytorch", "0.35.8", "2022-07", True, ("vit_pytorch",)),
        Pin("kornia", "0.6.8", "2022-10", False),
        Pin("lightning-bolts", "0.5.0", "2021-12", False, ("pl_bolts",)),
        Pin("pykeen", "1.9.0", "2022-08", False),
        Pin("segmentation-models-pytorch", "0.3.0", "2022-07", False,
            ("segmentation_models_pytorch",)),
        Pin("speechbrain", "0.5.12", "2022-06", False),
        Pin("stable-baselines3", "1.6.0", "2022-07", False, ("stable_baselines3",)),
    ),
    "heldout": (
        Pin("clip-anytorch", "2.5.0", "2022-09", True, ("clip",)),
        Pin("dalle-pytorch", "1.6.4", "2022-05", True, ("dalle_pytorch",)),
        Pin("denoising-diffusion-pytorch", "0.27.12", "2022-10", True,
            ("denoising_diffusion_pytorch",)),
        Pin("e3nn", "0.5.0", "2022-04", True),
        Pin("lpips", "0.1.4", "2021-08", True),
        Pin("open-clip-torch", "2.7.0", "2022-11", True, ("open_clip",)),
        Pin("performer-pytorch", "1.1.4", "2022-02", True, ("performer_pytorch",)),
        Pin("pytorch-pretrained-bert", "0.6.2", "2019-04", True, ("pytorch_pretrained_bert",)),
        Pin("reformer-pytorch", "1.4.4", "2021-11", True, ("reformer_pytorch",)),
        Pin("allennlp", "2.10.1", "2022-10", False),
        Pin("flair", "0.11.3", "2022-05", False),
        Pin("gpytorch", "1.9.0", "2022-08", False),
        Pin("monai", "0.9.1", "2022-07", False),
        Pin("pyro-ppl", "1.8.2", "2022-09", False, ("pyro",)),
        Pin("pytorch-metric-learning", "1.6.0", "2022-09", False, ("pytorch_metric_learning",)),
        Pin("tianshou", "0.4.10", "2022-10", False),
    ),
    "unseen": (
        Pin("facenet-pytorch", "2.5.2", "2021-03", True, ("facenet_pytorch",)),
        Pin("ncps", "0.0.7", "2022-11", True),
        Pin("perceiver-pytorch", "0.8.3", "2022-01", True, ("perceiver_pytorch",)),
        Pin("pytorch-pretrained-biggan", "0.1.1", "2019-03", True,
            ("pytorch_pretrained_biggan",)),
        Pin("pytorchcv", "0.0.67", "2021-09", True),
        Pin("resnest", "0.0.5", "2020-06", True),
        Pin("rtdl", "0.0.13", "2022-03", True),
        Pin("torchsde", "0.2.5", "2021-07", True),
        Pin("x-transformers", "1.0.0", "2022-08", True, ("x_transformers",)),
        Pin("botorch", "0.6.6", "2022-08", False),
        Pin("captum", "0.5.0", "2022-03", False),
        Pin("deepctr-torch", "0.2.9", "2022-10", False, ("deepctr_torch",)),
        Pin("opacus", "1.2.0", "2022-09", False),
        Pin("pytorch-ignite", "0.4.10", "2022-09", False, ("ignite",)),
        Pin("pytorch-widedeep", "1.2.0", "2022-09", False, ("pytorch_widedeep",)),
        Pin("torchio", "0.18.84", "2022-08", False),
    ),
    "fresh": (
        Pin("bayesian-torch", "0.2.1", "2022-01", True, ("bayesian_torch",)),
        Pin("blitz-bayesian-pytorch", "0.2.7", "2020-11", True, ("blitz",)),
        Pin("egnn-pytorch", "0.2.6", "2021-06", True, ("egnn_pytorch",)),
        Pin("fair-esm", "2.0.0", "2022-11", True, ("esm",)),
        Pin("gfpgan", "1.3.8", "2022-09", True),
        Pin("k-diffusion", "0.0.12", "2022-11", True, ("k_diffusion",)),
        Pin("openunmix", "1.2.1", "2021-07", True),
        Pin("realesrgan", "0.3.0", "2022-09", True),
        Pin("torchcde", "0.2.5", "2021-10", True),
        Pin("torchxrayvision", "0.0.37", "2022-03", True),
        Pin("backpack-for-pytorch", "1.5.0", "2022-02", False, ("backpack",)),
        Pin("classy-vision", "0.6.0", "2021-07", False, ("classy_vision",)),
        Pin("lightly", "1.2.30", "2022-09", False),
        Pin("piq", "0.7.0", "2022-04", False),
        Pin("pytorch-forecasting", "0.10.1", "2022-03", False, ("pytorch_forecasting",)),
        Pin("stanza", "1.4.2", "2022-09", False),
        Pin("texar-pytorch", "0.1.4", "2022-04", False, ("texar",)),
        Pin("torchgeo", "0.3.1", "2022-09", False),
    ),
    "blind": (
        Pin("byol-pytorch", "0.6.0", "2022-04", True, ("byol_pytorch",)),
        Pin("cellpose", "2.1.1", "2022-11", True),
        Pin("e2cnn", "0.2.2", "2022-07", True),
        Pin("effdet", "0.3.0", "2022-01", True),
        Pin("facexlib", "0.2.5", "2022-08", True),
        Pin("imagen-pytorch", "1.11.0", "2022-08", True, ("imagen_pytorch",)),
        Pin("taming-transformers", "0.0.1", "2021-03", True, ("taming",)),
        Pin("torchani", "2.2", "2020-08", True),
        Pin("torchmeta", "1.8.0", "2021-09", True),
        Pin("yolov5", "6.2.3", "2022-10", True),
        Pin("kymatio", "0.3.0", "2022-09", False),
        Pin("neuralforecast", "1.0.0", "2022-10", False),
        Pin("pyannote.audio", "2.1.1", "2022-10", False, ("pyannote",)),
        Pin("pytorch-msssim", "0.2.1", "2020-08", False, ("pytorch_msssim",)),
        Pin("recbole", "1.1.1", "2022-10", False),
        Pin("schnetpack", "1.0.1", "2022-10", False),
        Pin("torchdyn", "1.0.3", "2022-04", False),
        Pin("tsai", "0.3.1", "2022-04", False),
    ),
    "sealed": (
        Pin("alphafold2-pytorch", "0.4.32", "2022-07", True, ("alphafold2_pytorch",)),
        Pin("easyocr", "1.6.1", "2022-09", True),
        Pin("nnAudio", "0.3.2", "2022-10", True),
        Pin("pix2tex", "0.0.28", "2022-09", True),
        Pin("pyiqa", "0.1.5", "2022-10", True),
        Pin("pythae", "0.0.9", "2022-10", True),
        Pin("spikingjelly", "0.0.0.0.12", "2022-05", True),
        Pin("supar", "1.1.4", "2021-12", True),
        Pin("torchdistill", "0.3.3", "2022-11", True),
        Pin("torchgan", "0.1.0", "2021-10", True),
        Pin("avalanche-lib", "0.3.0", "2022-12", False, ("avalanche",), python="3.9"),
        Pin("catalyst", "22.4", "2022-04", False),
        Pin("darts", "0.23.0", "2022-12", False),
        Pin("OpenNMT-py", "3.0.2", "2022-12", False, ("onmt",)),
        Pin("python-doctr", "0.6.0", "2022-09", False, ("doctr",)),
        Pin("pytorch-toolbelt", "0.6.2", "2022-12", False, ("pytorch_toolbelt",)),
        Pin("skrl", "0.8.0", "2022-10", False),
        Pin("torchdrug", "0.2.0.post1", "2022-10", False, python="3.9"),
    ),
}

DEFAULT_DIR = Path(__file__).resolve().parent.parent / ".cache" / "corpus"


@dataclass(frozen=True)
class Corpus:
    root: Path
    packages: dict[str, Path]  # name -> the folder of its Python files
    pins: dict[str, Pin] = field(default_factory=dict)  # name -> what was fetched

    def files(self, *names: str) -> list[Path]:
        """The ``.py`` files of the named packages (all when none is named), sorted."""
        chosen = names or tuple(self.packages)
        return sorted(p for name in chosen for p in self.packages[name].rglob("*.py"))


def corpus_dir(explicit: Optional[os.PathLike] = None) -> Path:
    chosen = explicit or os.environ.get("MODLINT_CORPUS_DIR") or DEFAULT_DIR
    return Path(chosen).resolve()


def pins(group: str = "default") -> dict[str, Pin]:
    return {pin.name: pin for pin in GROUPS[group]}


def package_dir(root: Path, name: str, group: str = "default") -> Path:
    return root / f"{name}-{pins(group)[name].version}"


def present(root: Optional[os.PathLike] = None, group: str = "default") -> Optional[Corpus]:
    """The group if every package is already unpacked, else None (fetches nothing)."""
    root = corpus_dir(root)
    chosen = pins(group)
    folders = {name: package_dir(root, name, group) for name in chosen}
    if all((folder / ".complete").exists() for folder in folders.values()):
        return Corpus(root, folders, chosen)
    return None


def fetch(root: Optional[os.PathLike] = None, quiet: bool = True,
          group: str = "default") -> Corpus:
    """Download and unpack whatever is missing of the group; returns it."""
    root = corpus_dir(root)
    root.mkdir(parents=True, exist_ok=True)
    if not (root / ".git").exists():
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    chosen = pins(group)
    folders = {}
    for name, pin in chosen.items():
        folder = package_dir(root, name, group)
        if not (folder / ".complete").exists():
            _fetch_one(pin, folder, quiet)
        folders[name] = folder
    return Corpus(root, folders, chosen)


def _fetch_one(pin: Pin, folder: Path, quiet: bool) -> None:
    with tempfile.TemporaryDirectory() as download:
        command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary",
                   ":all:", "--dest", download, f"{pin.name}=={pin.version}"]
        if pin.python:
            command += ["--python-version", pin.python, "--implementation", "cp",
                        "--platform", "manylinux1_x86_64"]
        if quiet:
            command.append("--quiet")
        subprocess.run(command, check=True)
        wheels = list(Path(download).glob("*.whl"))
        if len(wheels) != 1:
            raise RuntimeError(f"expected one wheel for {pin.name}=={pin.version}, got {wheels}")
        if folder.exists():
            shutil.rmtree(folder)
        partial = folder.with_name(folder.name + ".partial")
        if partial.exists():
            shutil.rmtree(partial)
        with zipfile.ZipFile(wheels[0]) as wheel:
            for member in wheel.namelist():
                # the package itself, not its .dist-info, data or stray top-level folders
                if member.endswith(".py") and member.split("/", 1)[0] in pin.packages:
                    wheel.extract(member, partial)
        (partial / ".complete").write_text(f"{pin.name}=={pin.version}\n")
        partial.rename(folder)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", help="where to keep the corpus")
    parser.add_argument("--group", choices=sorted(GROUPS), default="default",
                        help="which packages (default: the four the rules were tuned on)")
    parser.add_argument("--list", action="store_true", help="list the packages and files")
    args = parser.parse_args(argv)
    corpus = fetch(args.dir, group=args.group)
    if args.list:
        for name, folder in corpus.packages.items():
            print(f"{name}=={corpus.pins[name].version}\t{folder}\t"
                  f"{len(corpus.files(name))} files")
    else:
        print(corpus.root)
    return 0


if __name__ == "__main__":
    sys.exit(main())
