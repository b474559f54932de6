# A small network trained with torch.nn and torch.optim (parameters set to 0.5 so the numbers are PyTorch's).
import torch
import torch.nn as nn
import torch.nn.functional as F
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
with torch.no_grad():
    for p in model.parameters():
        p.fill_(0.5)
x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
y = torch.tensor([[1.0], [2.0]])
loss_fn = nn.MSELoss()
opt = torch.optim.SGD(model.parameters(), lr=0.01)
for step in range(3):
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    print(step, loss.item())
print(model)
print(F.relu(torch.tensor([-1.0, 2.0])))
lin = nn.Linear(2, 1)
print(lin.weight.shape, list(lin.parameters())[1].shape)
