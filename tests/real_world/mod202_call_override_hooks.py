# expect: MOD202
# reduced from: the call-override reports collected for MOD201/MOD202 (a module that
# overrides __call__, so forward hooks never run)
from torch import nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def __call__(self, x):
        return self.fc(x)
