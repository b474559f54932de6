# "Automatic differentiation with torch.autograd": disabling gradient tracking.
import torch
x = torch.ones(5)
w = torch.tensor([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6], [-0.7, 0.8, 0.9], [1.0, -1.1, 1.2], [0.0, 0.1, -0.2]], requires_grad=True)
b = torch.tensor([0.3, -0.1, 0.2], requires_grad=True)
z = torch.matmul(x, w)+b
print(z.requires_grad)

with torch.no_grad():
    z = torch.matmul(x, w)+b
print(z.requires_grad)

z = torch.matmul(x, w)+b
z_det = z.detach()
print(z_det.requires_grad)
