# expect: MOD006
# reduced from: zalandoresearch/pytorch-vq-vae#2 ("Intentional weight sharing in
# ResidualStack?": one layer instance repeated by list multiplication)
from torch import nn


class ResidualStack(nn.Module):
    def __init__(self, hidden=8, layers=2):
        super().__init__()
        self.layers = nn.ModuleList([nn.Conv2d(hidden, hidden, 3, padding=1)] * layers)

    def forward(self, x):
        for layer in self.layers:
            x = x + layer(x)
        return x
