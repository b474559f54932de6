# A training loop by hand: w -= lr * w.grad under no_grad, gradients zeroed every step.
import torch
xs = torch.tensor([1., 2., 3., 4.])
ys = torch.tensor([2., 4., 6., 8.])
w = torch.tensor(0.0, requires_grad=True)
lr = 0.01
for epoch in range(20):
    loss = ((w * xs - ys) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
    w.grad.zero_()
    if epoch % 5 == 0:
        print(f"epoch {epoch}: loss {loss.item():.4f}, w {w.item():.4f}")
print(w)
