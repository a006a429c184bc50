# expect: MOD008
# reduced from: graykode/nlp-tutorial#29 ("If create the Linear() casually, it won't be
# trained during training")
import torch
import torch.nn as nn


class Attention(nn.Module):
    def __init__(self, hidden=8):
        super().__init__()
        self.hidden = hidden

    def forward(self, query, keys):
        score = nn.Linear(self.hidden, self.hidden)(keys)
        return torch.softmax(score @ query, dim=-1)
