import math

import torch
import torch.nn.functional as F
from torch import nn


class Attention(nn.Module):
    def __init__(self, dim, heads=8, dropout=0.1):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, dim * 3)
        self.proj = nn.Linear(dim, dim)
        self.dropout = dropout
        self.register_buffer("scale", torch.tensor(1.0 / math.sqrt(dim // heads)))

    def forward(self, x):
        b, n, d = x.shape
        q, k, v = self.qkv(x).chunk(3, dim=-1)
        attn = F.softmax(q @ k.transpose(-2, -1) * self.scale, dim=-1)
        attn = F.dropout(attn, self.dropout, training=self.training)
        return self.proj(attn @ v)


class FeedForward(nn.Module):
    def __init__(self, dim, hidden):
        super(FeedForward, self).__init__()
        self.net = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))

    def forward(self, x):
        return self.net(x)


class Block(nn.Module):
    def __init__(self, dim, heads, hidden):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim)
        self.ff = FeedForward(dim, hidden)
        self.gamma = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        x = x + self.gamma * self.attn(self.norm1(x))
        return x + self.ff(self.norm2(x))


class Encoder(nn.Module):
    def __init__(self, dim=64, depth=4, heads=8):
        super().__init__()
        self.blocks = nn.ModuleList([Block(dim, heads, dim * 4) for _ in range(depth)])
        self.pos = nn.Parameter(torch.zeros(1, 128, dim))

    def forward(self, x):
        x = x + self.pos[:, : x.shape[1]]
        for block in self.blocks:
            x = block(x)
        return x


def evaluate(loader):
    model = Encoder()
    model.eval()
    with torch.no_grad():
        return [model(x) for x in loader]
