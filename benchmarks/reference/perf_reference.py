#!/usr/bin/python3
"""PyTorch reference for `dfp bench perf` (run by the benchmark itself; see benchmarks/reference/README.md).

The same architectures as @dfp/core, written in plain PyTorch, timed on this CPU:

* task "train"  (config A): one AdamW training step (forward over all tokens, BPTT, update) of the DF RNN
  (`packages/core/src/backbones/rnn.ts`) or of the pre-LN transformer (`transformer.ts`), batch of random
  noisy tokens, weighted MSE on the x0 target.
* task "replan" (config B): one guided pyramid replan of the Diffusion Forcing planner, written as the official
  code's loop (`algorithms/diffusion_forcing/df_planning.py::interact`, paper branch): every row recomputes the
  whole chain from z0 token by token, Monte Carlo Guidance draws R-1 extra x0 samples per token with the same
  z_prev, and the goal-distance objective is differentiated through the chain w.r.t. the row's input plan.

Usage: /usr/bin/python3 perf_reference.py '<json list of tasks>'   (prints one JSON object on stdout)
A task is {"task": "train", "backbone": "rnn"|"transformer", "batch": 64, "tokens": 30, "steps": 5, "warmup": 1, ...}
or {"task": "replan", "batch": 1, "tokens": 30, "samplingSteps": 50, "mcg": 1, "repeats": 3, "warmup": 1, ...}.
"""
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

OBS_DIM, ACT_DIM, FRAME_STACK = 4, 2, 10  # Maze2D token: 10 frames x (obs 4 + act 2) = 60
TOKEN_DIM = FRAME_STACK * (OBS_DIM + ACT_DIM)
K = 1000


def gelu(x):
    """GELU, tanh approximation (what dfp computes)."""
    return F.gelu(x, approximate="tanh")


def sinusoidal_table(count, dim, theta=10000.0):
    half = dim // 2
    freqs = torch.exp(-torch.arange(half, dtype=torch.float64) * math.log(theta) / (half - 1))
    a = torch.arange(count, dtype=torch.float64)[:, None] * freqs[None, :]
    return torch.cat([a.sin(), a.cos()], 1).float()


class ResBlock(nn.Module):
    """act(shortcut(x) + fc2(act(fc1(x)))) (DF models/resnet.py ResBlock1d)."""

    def __init__(self, d_in, d_out):
        super().__init__()
        self.fc1 = nn.Linear(d_in, d_out)
        self.fc2 = nn.Linear(d_out, d_out)
        self.shortcut = nn.Identity() if d_in == d_out else nn.Linear(d_in, d_out)

    def forward(self, x):
        return gelu(self.shortcut(x) + self.fc2(gelu(self.fc1(x))))


def res_mlp(d_in, hidden, d_out, blocks):
    return nn.Sequential(*[ResBlock(d_in if i == 0 else hidden, hidden) for i in range(blocks)], nn.Linear(hidden, d_out))


def encoder(obs_dim, z_dim):
    return nn.Sequential(nn.Linear(obs_dim, 128), nn.ELU(), nn.Linear(128, 128), nn.ELU(), nn.Linear(128, z_dim))


class NoiseEmbedding(nn.Module):
    """sinusoid(k) -> Linear -> GELU -> Linear."""

    def __init__(self, sin_dim, out_dim):
        super().__init__()
        self.register_buffer("table", sinusoidal_table(K, sin_dim))
        self.fc1 = nn.Linear(sin_dim, out_dim)
        self.fc2 = nn.Linear(out_dim, out_dim)

    def forward(self, k):
        return self.fc2(gelu(self.fc1(self.table[k])))


class Rnn(nn.Module):
    """The DF maze RNN (dfp RnnBackbone): before-ResMLP([z, x, e]) -> GRUCell -> after-ResMLP -> z; head(z) -> x0."""

    def __init__(self, hidden=256, z_dim=128, emb_dim=64, blocks=3):
        super().__init__()
        self.encoder = encoder(OBS_DIM, z_dim)
        self.noise_emb = NoiseEmbedding(emb_dim, emb_dim)
        self.before = res_mlp(z_dim + TOKEN_DIM + emb_dim, hidden, z_dim, blocks)
        self.gru = nn.GRUCell(z_dim, z_dim)
        self.after = res_mlp(z_dim, hidden, z_dim, blocks)
        self.head = nn.Linear(z_dim, TOKEN_DIM)

    def cell(self, z_prev, x, e):
        return self.after(self.gru(self.before(torch.cat([z_prev, x, e], -1)), z_prev))

    def step(self, z_prev, x, k):
        """One token: (z_{t-1}, x_t, k_t) -> (x0 prediction, z_t)."""
        z = self.cell(z_prev, x, self.noise_emb(k))
        return self.head(z), z

    def forward(self, z0, tokens, k):
        e = self.noise_emb(k)  # [B, T, E]
        z, zs = z0, []
        for t in range(tokens.shape[1]):
            z = self.cell(z, tokens[:, t], e[:, t])
            zs.append(z)
        return self.head(torch.stack(zs, 1))


class Transformer(nn.Module):
    """Pre-LN causal transformer (dfp TransformerBackbone): in-proj + k-embedding + positions + z0, blocks, LN, out."""

    def __init__(self, width=128, layers=4, heads=4, ff_mult=4, emb_dim=64):
        super().__init__()
        self.width, self.heads = width, heads
        self.encoder = encoder(OBS_DIM, width)
        self.noise_emb = NoiseEmbedding(emb_dim, width)
        self.inp = nn.Linear(TOKEN_DIM, width)
        self.blocks = nn.ModuleList()
        for _ in range(layers):
            self.blocks.append(nn.ModuleDict({
                "ln1": nn.LayerNorm(width), "qkv": nn.Linear(width, 3 * width), "out": nn.Linear(width, width),
                "ln2": nn.LayerNorm(width), "ff1": nn.Linear(width, ff_mult * width), "ff2": nn.Linear(ff_mult * width, width),
            }))
        self.ln_out = nn.LayerNorm(width)
        self.outp = nn.Linear(width, TOKEN_DIM)

    def forward(self, z0, tokens, k):
        B, T, _ = tokens.shape
        W, nh = self.width, self.heads
        hd = W // nh
        pos = sinusoidal_table(T, W)
        mask = torch.triu(torch.full((T, T), -1e9), 1)
        h = self.inp(tokens) + self.noise_emb(k) + pos + z0[:, None, :]
        for blk in self.blocks:
            q, kk, v = blk["qkv"](blk["ln1"](h)).split(W, -1)
            q, kk, v = (a.reshape(B, T, nh, hd).transpose(1, 2) for a in (q, kk, v))
            att = torch.softmax(q @ kk.transpose(-1, -2) / math.sqrt(hd) + mask, -1)
            h = h + blk["out"]((att @ v).transpose(1, 2).reshape(B, T, W))
            h = h + blk["ff2"](gelu(blk["ff1"](blk["ln2"](h))))
        return self.outp(self.ln_out(h))


def make_model(spec):
    torch.manual_seed(spec.get("seed", 0))
    if spec.get("backbone", "rnn") == "rnn":
        c = spec.get("rnn", {})
        return Rnn(c.get("hidden", 256), c.get("zDim", 128), c.get("embDim", 64), c.get("resBlocks", 3))
    c = spec.get("transformer", {})
    return Transformer(c.get("width", 128), c.get("layers", 4), c.get("heads", 4), c.get("ffMult", 4), c.get("embDim", 64))


def median_ms(fn, repeats, warmup):
    for _ in range(warmup):
        fn()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - t0) * 1000)
    return statistics.median(runs), runs


def bench_train(spec):
    """Config A: one AdamW step (lr 2e-4, weight decay 1e-4) on a random batch of noisy tokens, x0 target."""
    model = make_model(spec)
    B, T = spec.get("batch", 64), spec.get("tokens", 30)
    opt = torch.optim.AdamW(model.parameters(), lr=2e-4, weight_decay=1e-4)
    g = torch.Generator().manual_seed(spec.get("seed", 0) + 1)
    batches = []
    for _ in range(2):
        obs0 = torch.randn(B, OBS_DIM, generator=g)
        xk = torch.randn(B, T, TOKEN_DIM, generator=g)
        k = torch.randint(0, K, (B, T), generator=g)
        target = torch.randn(B, T, TOKEN_DIM, generator=g)
        batches.append((obs0, xk, k, target))
    it = [0]

    def step():
        obs0, xk, k, target = batches[it[0] % 2]
        it[0] += 1
        out = model(model.encoder(obs0), xk, k)
        loss = ((out - target) ** 2).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        return loss.item()

    med, runs = median_ms(step, spec.get("steps", 5), spec.get("warmup", 1))
    return {"msPerStep": med, "runsMs": runs, "tokensPerSec": B * T / (med / 1000), "params": sum(p.numel() for p in model.parameters())}


def ddim_times(S):
    return list(reversed(torch.linspace(-1, K - 1, steps=S + 1).int().tolist()))


def bench_replan(spec):
    """Config B: one guided replan, the official loop (chain recomputed every row, gradient through the chain)."""
    model = make_model(spec)
    for p in model.parameters():
        p.requires_grad_(False)
    B, H, S = spec.get("batch", 1), spec.get("tokens", 30), spec.get("samplingSteps", 50)
    R, scale = spec.get("mcg", 1), spec.get("scale", 10.0)
    betas = torch.linspace(1e-4, 2e-2, K, dtype=torch.float64)
    ac = torch.cumprod(1 - betas, 0).float()
    times = ddim_times(S)
    mean = torch.tensor([2.0, 2.0, 0, 0, 0, 0])
    std = torch.tensor([1.0, 1.0, 2.0, 2.0, 0.7, 0.7])
    g = torch.Generator().manual_seed(spec.get("seed", 0) + 2)
    obs = torch.randn(B, OBS_DIM, generator=g)
    goal = torch.full((B, 2), 3.0)
    n_frames = H * FRAME_STACK

    def ddim_step(x, z, i):
        """ddim_sample_step of the official DiffusionTransitionModel (x0 objective, eta = 0)."""
        time_, time_next = times[i], times[i + 1]
        k = torch.full((x.shape[0],), time_, dtype=torch.long)
        x0, z_next = model.step(z, x, k)
        pred_noise = (x / ac[time_].sqrt() - x0) / (1 / ac[time_] - 1).sqrt()
        if time_next < 0:
            return x0, z_next, x0, 0.0
        a, an = ac[time_], ac[time_next]
        c = (1 - an).sqrt()
        noise = torch.randn_like(x)
        return x0 * an.sqrt() + c * pred_noise + 0.0 * noise, z_next, x0, (1 - a) - c * (1 - a).sqrt()

    def replan():
        with torch.no_grad():
            z0 = model.encoder(obs)
        plan = [torch.randn(B, TOKEN_DIM) for _ in range(H)]
        last = [None] * H
        for m in range(S + H):
            consts, clean = [], [[] for _ in range(H)]
            z = z0
            with torch.enable_grad():
                for t in range(H):
                    p = m - t
                    plan[t].requires_grad_(True)
                    last[t] = plan[t]
                    i = max(min(p, S - 1), 0)
                    new, z_next, x0, gc = ddim_step(plan[t], z, i)
                    clean[t].append(x0)
                    consts.append(gc)
                    tmp = plan[t]
                    for _ in range(R - 1):
                        _, _, x0r, _ = ddim_step(tmp, z, i)
                        clean[t].append(x0r)
                        tmp = ac[times[i]].sqrt() * x0r + (1 - ac[times[i]]).sqrt() * torch.randn_like(x0r)
                    z = z_next
                    plan[t] = new if p < S else plan[t].detach()
                samples = torch.stack([torch.stack(s) for s in clean])  # [H, R, B, D]
                samples = samples.reshape(H, R, B, FRAME_STACK, OBS_DIM + ACT_DIM).permute(0, 3, 2, 1, 4)
                samples = samples.reshape(H * FRAME_STACK, B, R, OBS_DIM + ACT_DIM) * std + mean
                dist = torch.linalg.norm(samples[..., :2] - goal[None, :, None], dim=-1)
                weight = torch.ones(n_frames)
                weight[-1] = 0.0
                ret = -(n_frames * dist * weight[:, None, None]).sum(1).mean()
                grads = torch.autograd.grad([ret], last, allow_unused=True)
                for t in range(H):
                    if grads[t] is not None:
                        plan[t] = plan[t] + consts[t] * grads[t] * scale
        return torch.stack(plan)

    med, runs = median_ms(replan, spec.get("repeats", 3), spec.get("warmup", 1))
    return {"msPerReplan": med, "runsMs": runs, "params": sum(p.numel() for p in model.parameters())}


def bench_matmul(spec):
    """MatMul speed on the shapes of config A ([m, k] @ [k, n]; see benchmarks/src/perf/matmul-floor.ts)."""
    rates = []
    g = torch.Generator().manual_seed(spec.get("seed", 0) + 3)
    for m, k, n in spec["shapes"]:
        a, b = torch.randn(m, k, generator=g), torch.randn(k, n, generator=g)
        flops = 2 * m * k * n
        a @ b
        t0 = time.perf_counter()
        a @ b
        one = max(time.perf_counter() - t0, 1e-6)
        reps = min(100000, max(3, round(spec.get("roundMs", 80) / 1000 / one)))

        def run():
            for _ in range(reps):
                a @ b

        med, _ = median_ms(run, 5, 1)
        ms = med / reps
        rates.append({"m": m, "k": k, "n": n, "ms": ms, "gflops": flops / ms / 1e6})
    return {"matmul": rates}


def loaded_blas():
    """Shared libraries of a BLAS/LAPACK kind mapped into this process (OpenBLAS vs reference BLAS matters 14x)."""
    libs = set()
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                name = os.path.basename(line.strip().split(" ")[-1])
                if any(s in name for s in ("blas", "mkl", "lapack", "gomp", "omp")):
                    libs.add(name)
    except OSError:
        pass
    return sorted(libs)


def main():
    tasks = json.loads(sys.argv[1]) if len(sys.argv) > 1 else [{"task": "train", "backbone": "rnn"}]
    threads = int(os.environ.get("DFP_TORCH_THREADS", "2"))
    torch.set_num_threads(threads)
    results = []
    for spec in tasks:
        fn = {"train": bench_train, "replan": bench_replan, "matmul": bench_matmul}[spec["task"]]
        t0 = time.perf_counter()
        r = fn(spec)
        r.update({"spec": spec, "wallSec": time.perf_counter() - t0})
        results.append(r)
        short = {k: spec[k] for k in ("task", "backbone", "batch", "mcg") if k in spec}
        print(json.dumps({"progress": short, "ms": r.get("msPerStep", r.get("msPerReplan", r["wallSec"] * 1000))}), file=sys.stderr, flush=True)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(), "blas": loaded_blas(),
                      "python": sys.version.split()[0], "results": results}))


if __name__ == "__main__":
    main()
