# expect: MOD009
# reduced from: megvii-research/MSPN#1 (an attribute named like an nn.Module method breaks
# model.modules() and DataParallel)
from torch import nn


class MSPN(nn.Module):
    def __init__(self, stages=2):
        super().__init__()
        self.modules = [nn.Linear(2, 2) for _ in range(stages)]
