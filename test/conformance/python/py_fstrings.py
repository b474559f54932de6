# f-strings: conversions, format specs, tensors (a 0-d tensor formats as its number).
import torch
x = torch.tensor(3.14159)
v = torch.tensor([1., 2.])
n = 42
f = 2.5
print(f"{n} {f} {n:5d}|{n:<5}|{n:^7}|{n:>4}|{f:.3f} {f:8.2f} {f:e} {0.00012:g} {1234567.0:,.1f} {0.25:.1%}")
print(f"{x} {x:.2f} {v} {'s'!r} {n!r} {f!s}")
print(f"{{braces}} {n + 1} {n * f} {[1, 2]} {(1,)} {None} {True}")
print(f"{x.item():.3f} {x.item()} {v.sum().item()}")
name = "w"
print(f"{name=}" if False else f"name={name!r}")
