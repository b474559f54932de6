"""PyTorch eager CPU side of `npm run bench`: the same workloads as engine.bench.ts, printed as one JSON line.

Single-threaded (torch.set_num_threads(1)) so the comparison with our single-threaded engine is fair; the default
thread count is reported for context. Usage: /usr/bin/python3 bench/torch_bench.py ITERS1 BUDGET_SECONDS
"""
import json
import math
import sys
import time

import torch

DEFAULT_THREADS = torch.get_num_threads()
torch.set_num_threads(1)


def det(shape, seed):
    """Deterministic pseudo-random values in [-0.25, 0.25], like the TypeScript side's det()."""
    n = math.prod(shape)
    idx = torch.arange(n, dtype=torch.float64)
    return (torch.sin(idx * 12.9898 + seed * 78.233) * 43758.5453).frac().sub(0.5).abs().sub(0.25).float().reshape(shape)


WARMUP_S = 0.5  # the same untimed warm-up as timing.ts WARMUP_MS


def timed(step, warmup, iters=None, budget=None):
    warm_start = time.perf_counter()
    i = 0
    while i < warmup or time.perf_counter() - warm_start < WARMUP_S:
        step()
        i += 1
    start = time.perf_counter()
    n = 0
    while (iters is not None and n < iters) or (budget is not None and time.perf_counter() - start < budget):
        step()
        n += 1
    return (time.perf_counter() - start) * 1000 / n, n


def course(iters):
    x = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [3.0, -2.5, 1.0]], requires_grad=True)
    y = torch.tensor([[1.0, 2.0, -0.5], [0.1, -3.0, 4.0], [2.5, 0.0, -1.5]])
    z = torch.tensor([[0.0, 1.0, 2.0], [-1.0, -2.0, 0.5], [0.3, 0.7, -0.9]])

    def step():
        x.grad = None
        c = torch.sum(x * y + z)
        c.backward()

    return timed(step, 500, iters=iters)


def mlp(budget):
    xb = det((64, 784), 1)
    onehot = torch.zeros(64, 10)
    onehot[torch.arange(64), torch.arange(64) % 10] = 1.0
    w1 = det((784, 128), 2).mul(0.1).requires_grad_()
    b1 = torch.zeros(128, requires_grad=True)
    w2 = det((128, 10), 3).mul(0.3).requires_grad_()
    b2 = torch.zeros(10, requires_grad=True)
    params = [w1, b1, w2, b2]

    def step():
        h = xb.matmul(w1).add(b1).relu()
        loss = h.matmul(w2).add(b2).log_softmax(1).mul(onehot).sum().neg().div(64)
        loss.backward()
        with torch.no_grad():
            for p in params:
                p.sub_(p.grad.mul(0.01))
                p.grad.zero_()

    return timed(step, 5, budget=budget)


def nn_mlp(budget):
    """The same MLP written the tutorials' way: nn.Sequential, nn.CrossEntropyLoss, optim.SGD."""
    xb = det((64, 784), 1)
    target = torch.arange(64) % 10
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    with torch.no_grad():
        model[0].weight.copy_(det((128, 784), 2).mul(0.1))
        model[0].bias.zero_()
        model[2].weight.copy_(det((10, 128), 3).mul(0.3))
        model[2].bias.zero_()
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)

    def step():
        opt.zero_grad()
        loss_fn(model(xb), target).backward()
        opt.step()

    return timed(step, 5, budget=budget)


def matmul(budget):
    a = det((256, 256), 4).requires_grad_()
    b = det((256, 256), 5).requires_grad_()

    def step():
        a.grad = None
        b.grad = None
        a.mm(b).sum().backward()

    return timed(step, 3, budget=budget)


def main():
    iters1 = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    budget = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    c_ms, c_n = course(iters1)
    m_ms, m_n = mlp(budget)
    mm_ms, mm_n = matmul(budget)
    n_ms, n_n = nn_mlp(budget)
    print(json.dumps({
        "version": torch.__version__,
        "threads": 1,
        "defaultThreads": DEFAULT_THREADS,
        "course": {"ms": c_ms, "iterations": c_n},
        "mlp": {"ms": m_ms, "iterations": m_n},
        "matmul": {"ms": mm_ms, "iterations": mm_n},
        "nn": {"ms": n_ms, "iterations": n_n},
    }))


if __name__ == "__main__":
    main()
