# expect: MOD301
# reduced from: rixwew/pytorch-fm#21 and facebookresearch/DME#3 (F.dropout without
# training=self.training stays on after model.eval())
import torch.nn.functional as F
from torch import nn


class FieldAwareFM(nn.Module):
    def __init__(self, p=0.2):
        super().__init__()
        self.p = p
        self.fc = nn.Linear(8, 1)

    def forward(self, x):
        x = F.dropout(x, p=self.p)
        return self.fc(x)
