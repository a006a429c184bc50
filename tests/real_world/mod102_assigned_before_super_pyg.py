# expect: MOD102
# reduced from: pyg-team/pytorch_geometric#681 ("ARGA constructor issue": a submodule
# assigned before the base initialiser ran)
from torch import nn


class ARGA(nn.Module):
    def __init__(self, encoder, discriminator):
        self.discriminator = discriminator
        super().__init__()
        self.encoder = encoder

    def forward(self, x):
        return self.discriminator(self.encoder(x))


class Encoder(nn.Module):
    def __init__(self):
        self.lin = nn.Linear(4, 4)
        super().__init__()
