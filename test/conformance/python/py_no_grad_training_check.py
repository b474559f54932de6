# requires_grad bookkeeping: detach, requires_grad_ , .data, and a no_grad evaluation loop.
import torch
w = torch.tensor([0.5, -0.5], requires_grad=True)
x = torch.tensor([2., 4.])
with torch.no_grad():
    preds = []
    for k in range(2):
        preds.append((w * x * k).sum())
print(preds, preds[0].requires_grad)
d = w.detach()
print(d.requires_grad, w.data, w.requires_grad)
e = torch.tensor([1., 1.])
e.requires_grad_()
print(e.requires_grad, e.is_leaf)
e.requires_grad = False
print(e.requires_grad)
