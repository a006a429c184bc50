"""A small causal self-attention block with the kind of bugs modlint finds."""

import math

import torch
import torch.nn as nn


class CausalSelfAttention(nn.Module):
    def __init__(self, dim=64, heads=4, context=128):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)
        # the mask never follows model.to(device) or model.half()
        self.mask = torch.tril(torch.ones(context, context)).view(1, 1, context, context)
        # meant to be learned, but no optimizer ever sees it
        self.temperature = torch.ones(heads, 1, 1, requires_grad=True)

    def forward(self, x):
        b, t, c = x.shape
        q, k, v = self.qkv(x).split(c, dim=2)
        q = q.view(b, t, self.heads, c // self.heads).transpose(1, 2)
        k = k.view(b, t, self.heads, c // self.heads).transpose(1, 2)
        v = v.view(b, t, self.heads, c // self.heads).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) / (math.sqrt(k.size(-1)) * self.temperature)
        att = att.masked_fill(self.mask[:, :, :t, :t] == 0, float("-inf")).softmax(dim=-1)
        return self.out((att @ v).transpose(1, 2).reshape(b, t, c))


class PositionalEncoding(nn.Module):
    def __init__(self, dim=64, length=512):
        super().__init__()
        position = torch.arange(length).unsqueeze(1)
        div = torch.exp(torch.arange(0, dim, 2) * (-math.log(10000.0) / dim))
        pe = torch.zeros(length, dim)
        pe[:, 0::2] = torch.sin(position * div)
        pe[:, 1::2] = torch.cos(position * div)
        self.pe = pe

    def forward(self, x):
        return x + self.pe[: x.size(1)]
