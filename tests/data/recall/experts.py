import torch
import torch.nn.functional as F
from torch import nn


class Expert(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.up = nn.Linear(dim, hidden)
        self.down = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.down(F.gelu(self.up(x)))


class MixtureOfExperts(nn.Module):
    def __init__(self, dim=32, hidden=64, experts=4, top_k=2):
        super().__init__()
        self.top_k = top_k
        self.gate = nn.Linear(dim, experts, bias=False)
        self.experts = nn.ModuleList()
        for _ in range(experts):
            self.experts.append(Expert(dim, hidden))
        self.register_buffer("load", torch.zeros(experts))

    def forward(self, x):
        scores = F.softmax(self.gate(x), dim=-1)
        weights, chosen = scores.topk(self.top_k, dim=-1)
        out = torch.zeros_like(x)
        for slot in range(self.top_k):
            for index, expert in enumerate(self.experts):
                mask = chosen[..., slot] == index
                if mask.any():
                    out[mask] += weights[..., slot][mask, None] * expert(x[mask])
        self.load += F.one_hot(chosen[..., 0], len(self.experts)).sum(0).float() * self.load
        return out


class TaskHeads(nn.Module):
    def __init__(self, dim, tasks=("cls", "reg")):
        super().__init__()
        self.heads = nn.ModuleDict({task: nn.Linear(dim, 1) for task in tasks})
        self.scales = nn.ParameterDict({task: nn.Parameter(torch.ones(1)) for task in tasks})

    def forward(self, x):
        return {task: head(x) * self.scales[task] for task, head in self.heads.items()}
