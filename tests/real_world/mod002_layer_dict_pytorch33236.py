# expect: MOD002
# reduced from: pytorch/pytorch#33236 (a dict of Darknet layers goes missing from the model)
from torch import nn


class Darknet(nn.Module):
    def __init__(self):
        super().__init__()
        self.blocks = {"conv": nn.Conv2d(3, 8, 3), "bn": nn.BatchNorm2d(8)}

    def forward(self, x):
        return self.blocks["bn"](self.blocks["conv"](x))
