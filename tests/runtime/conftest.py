import os

import pytest

# CI sets MODLINT_REQUIRE_TORCH=1: there, a missing torch is a failure, not a skip.
if os.environ.get("MODLINT_REQUIRE_TORCH") == "1":
    import torch  # noqa: F401
else:
    pytest.importorskip("torch", reason="runtime verification needs torch: "
                                        "pip install -e '.[test]'")
