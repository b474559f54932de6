# Course notes 002, the whole notebook in order (In [1] … In [25]); bare expressions show their value.
import torch

x = torch.arange(4.0) # x 是列向量
x

# 在反向传播之前，我们需要有地方来存储梯度
x.requires_grad_(True) # 开启自动微分
x.grad # 默认None，以后可以通过这个属性访问x的梯度

y = 2 * torch.dot(x,x)
y

# 调用反向传播函数计算y关于x的各个分量的梯度，结果存入x.grad中
y.backward()
x.grad, y

# 标答应该就是4，y = 2 X.T X 关于X求导应该是 4X
x.grad == 4 * x

# 在默认情况下，pytorch 会将梯度累计，我们如要计算另外的梯度，需要手动清零
x.grad.zero_()
y = x.sum() # y = x1 + x2 +...
y

y.backward()
x.grad

# 重复一下：
y.backward()
x.grad

x.grad.zero_()
y = x * x
y,x

y.sum().backward()  # y = x1 ^2 + x2 ^2 + ...
# 等价于y.backward(torch.ones(len(x))), 即y和一个全1向量作点积后再求导
x.grad

x.grad.zero_()
y = x * x
x,y

u = y.detach()  # u = [0,1,4,9]，但是u不在x,y的计算图里，是个常数
z = u * x
u, z

z.sum().backward()
x.grad == u

x.grad.zero_()
y.sum().backward()
x.grad == 2 * x

# 手动构造一个控制流：
def f(a):
    b = a * 2
    while b.norm() < 1000:  # b的每个元素的平方和再开根号
        b = b * 2
    if b.sum() > 0:
        c = b
    else:
        c = 100 * b
    return c

a = torch.tensor(-1.1571, requires_grad=True) # 一个随机标量
a

d = f(a)
d.backward()
a.grad == d / a
