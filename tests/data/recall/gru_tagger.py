import torch
import torch.nn.functional as F
from torch import nn


class CharEmbedding(nn.Module):
    def __init__(self, chars, dim):
        super().__init__()
        self.embed = nn.Embedding(chars, dim)
        self.conv = nn.Conv1d(dim, dim, 3, padding=1)

    def forward(self, chars):
        return self.conv(self.embed(chars).transpose(1, 2)).max(dim=-1).values


class Tagger(nn.Module):
    def __init__(self, words, chars, tags, dim=64):
        super().__init__()
        self.words = nn.Embedding(words, dim)
        self.chars = CharEmbedding(chars, dim)
        self.rnn = nn.GRU(2 * dim, dim, batch_first=True, bidirectional=True)
        self.out = nn.Linear(2 * dim, tags)
        self.transitions = nn.Parameter(torch.randn(tags, tags))
        self.words.requires_grad_(False)

    def forward(self, words, chars):
        x = torch.cat([self.words(words), self.chars(chars)], dim=-1)
        h, _ = self.rnn(x)
        return F.log_softmax(self.out(h), dim=-1) + self.transitions.diagonal()
