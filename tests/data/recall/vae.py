import torch
import torch.nn.functional as F
from torch import nn


class Encoder(nn.Module):
    def __init__(self, dim, latent):
        super().__init__()
        self.hidden = nn.Linear(dim, 256)
        self.mu = nn.Linear(256, latent)
        self.logvar = nn.Linear(256, latent)
        self.dropout = 0.2

    def forward(self, x):
        h = F.dropout(F.relu(self.hidden(x)), p=self.dropout, training=self.training)
        return self.mu(h), self.logvar(h)


class Decoder(nn.Module):
    def __init__(self, latent, dim):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(latent, 256), nn.ReLU(), nn.Linear(256, dim))
        self.log_scale = nn.Parameter(torch.zeros(dim))

    def forward(self, z):
        return torch.sigmoid(self.layers(z)), self.log_scale.exp()


class VAE(nn.Module):
    def __init__(self, dim=784, latent=16):
        super(VAE, self).__init__()
        self.encoder = Encoder(dim, latent)
        self.decoder = Decoder(latent, dim)
        self.prior_scales = nn.ParameterList([nn.Parameter(torch.ones(latent)) for _ in range(2)])

    def forward(self, x):
        mu, logvar = self.encoder(x)
        z = mu + torch.randn_like(mu) * (0.5 * logvar).exp() * self.prior_scales[0]
        return self.decoder(z), mu, logvar


def train_step(model, optimizer, batch):
    model.train()
    optimizer.zero_grad()
    recon, mu, logvar = model(batch)
    loss = F.mse_loss(recon[0], batch) - 0.5 * torch.sum(1 + logvar - mu ** 2 - logvar.exp())
    loss.backward()
    optimizer.step()
    return loss
