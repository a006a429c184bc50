# expect: MOD204
# reduced from: cornstarch-org/Cornstarch#53 (train() overridden without the mode argument,
# so model.eval() raises TypeError)
from torch import nn


class Wrapper(nn.Module):
    def __init__(self):
        super().__init__()
        self.inner = nn.Linear(2, 2)

    def train(self):
        self.inner.train()
        return self
