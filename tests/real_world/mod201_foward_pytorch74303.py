# expect: MOD201
# reduced from: pytorch/pytorch#74303 (NotImplementedError: `forward` misspelled `foward`)
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def foward(self, x):
        return self.fc(x)
