"""PyTorch side of the benchmarks, answering the coordinator's JSON-line commands (see
coordinator.ts): the same models and the same step as the tfjs worker (worker.ts).

- workload "proxy": the plain ResNet-20 of proxy-resnet20.ts (option-A shortcuts, BN, ReLU, sign
  with a straight-through gradient for 1W/1A);
- workload "zoo": signflow's ResNet-20 and VGG-small as the zoo builds them (binary units
  BConv -> ReLU -> BN, layer-mean alpha weight scaling kept in the graph, BatchNorm with momentum
  0.1 and eps 1e-5, ResNet-20's head BatchNorm1d), with the estimator written as a PyTorch user
  writes one: an autograd Function whose backward is a few vectorised tensor operations.
  Precision "1w1a", "1w32a", or "float": the same architecture without estimators (plain
  convolutions, no alpha), as the zoo builds it with both estimators null.

Run with Debian's /usr/bin/python3 (python3-torch)."""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(2)


class SignSte(torch.autograd.Function):
    """Sign with 0 -> +1 and the clipped straight-through gradient dy * (|x| <= 1)."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x >= 0).float() * 2 - 1

    @staticmethod
    def backward(ctx, dy):
        (x,) = ctx.saved_tensors
        return dy * (x.abs() <= 1).float()


class Conv(nn.Conv2d):
    def __init__(self, cin, cout, stride, binary):
        super().__init__(cin, cout, 3, stride, 1, bias=False)
        self.binary = binary

    def forward(self, x):
        if not self.binary:
            return super().forward(x)
        return F.conv2d(SignSte.apply(x), SignSte.apply(self.weight), None, self.stride, self.padding)


class Block(nn.Module):
    def __init__(self, cin, cout, stride, binary):
        super().__init__()
        self.conv1, self.bn1 = Conv(cin, cout, stride, binary), nn.BatchNorm2d(cout)
        self.conv2, self.bn2 = Conv(cout, cout, 1, binary), nn.BatchNorm2d(cout)
        self.pad = (cout - cin) // 2
        self.subsample = stride != 1 or cin != cout

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        shortcut = F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad, self.pad)) if self.subsample else x
        return F.relu(y + shortcut)


class ResNet20(nn.Module):
    def __init__(self, binary):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 16, 3, 1, 1, bias=False), nn.BatchNorm2d(16), nn.ReLU())
        blocks, cin = [], 16
        for stage, cout in enumerate([16, 32, 64]):
            for block in range(3):
                blocks.append(Block(cin, cout, 2 if stage > 0 and block == 0 else 1, binary))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc(self.blocks(self.stem(x)).mean((2, 3)))


def binary_sign(x):
    """sign with 0 -> +1, as signflow's binarySign."""
    return torch.where(x >= 0, torch.ones_like(x), -torch.ones_like(x))


class SteEstimator(torch.autograd.Function):
    """STE: sign forward, dy * (|x| <= 1) backward."""

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return binary_sign(x)

    @staticmethod
    def backward(ctx, dy):
        (x,) = ctx.saved_tensors
        return dy * (x.abs() <= 1).to(dy.dtype)


class ReSTEEstimator(torch.autograd.Function):
    """ReSTE (t = 1.5, m = 0.1): the secant slope on |x| <= m, |x|^((1-o)/o) / o up to t, 0 beyond."""

    o, t, m = 2.0, 1.5, 0.1

    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return binary_sign(x)

    @staticmethod
    def backward(ctx, dy):
        (x,) = ctx.saved_tensors
        o, t, m = ReSTEEstimator.o, ReSTEEstimator.t, ReSTEEstimator.m
        a = x.abs()
        power = a.clamp(min=m).pow((1 - o) / o) / o
        gamma = torch.where(a <= m, torch.full_like(a, m ** (1 / o - 1)), power)
        gamma = torch.where(a > t, torch.zeros_like(a), gamma)
        return dy * gamma


class DoReFaWeightEstimator(torch.autograd.Function):
    """DoReFa's 1-bit weights: sign forward, identity backward."""

    @staticmethod
    def forward(ctx, w):
        return binary_sign(w)

    @staticmethod
    def backward(ctx, dy):
        return dy


class DoReFaActivationEstimator(torch.autograd.Function):
    """DoReFa's 1-bit activations: round(clip(a, 0, 1)) forward, dy * (0 <= a <= 1) backward."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return torch.round(a.clamp(0, 1))

    @staticmethod
    def backward(ctx, dy):
        (a,) = ctx.saved_tensors
        return dy * ((a >= 0) & (a <= 1)).to(dy.dtype)


# (weight estimator, activation estimator) of each estimator the zoo workload knows.
ESTIMATORS = {
    "ste": (SteEstimator.apply, SteEstimator.apply),
    "reste": (ReSTEEstimator.apply, ReSTEEstimator.apply),
    "dorefa": (DoReFaWeightEstimator.apply, DoReFaActivationEstimator.apply),
}


class QuantConv(nn.Conv2d):
    """A 3x3 convolution (pad 1, no bias) of estimated weights times mean|W| and estimated inputs."""

    def __init__(self, cin, cout, stride, weights, activations):
        super().__init__(cin, cout, 3, stride, 1, bias=False)
        self.weights, self.activations = weights, activations

    def forward(self, x):
        xq = x if self.activations is None else self.activations(x)
        w = self.weight
        if self.weights is None:  # the float network: a plain convolution
            return F.conv2d(xq, w, None, self.stride, self.padding)
        return F.conv2d(xq, self.weights(w) * w.abs().mean(), None, self.stride, self.padding)


class Unit(nn.Module):
    """signflow's binary unit: BConv -> ReLU -> BN."""

    def __init__(self, conv, cout):
        super().__init__()
        self.conv, self.bn = conv, nn.BatchNorm2d(cout)

    def forward(self, x):
        return self.bn(F.relu(self.conv(x)))


class ZooBlock(nn.Module):
    def __init__(self, cin, cout, stride, estimators):
        super().__init__()
        self.unit1 = Unit(QuantConv(cin, cout, stride, *estimators), cout)
        self.unit2 = Unit(QuantConv(cout, cout, 1, *estimators), cout)
        self.pad = (cout - cin) // 2
        self.subsample = stride != 1 or cin != cout

    def forward(self, x):
        shortcut = F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad, self.pad)) if self.subsample else x
        return self.unit2(self.unit1(x)) + shortcut


class ZooResNet20(nn.Module):
    """signflow's resnet20: FP stem conv -> ReLU -> BN, 9 blocks, pool -> BatchNorm1d -> Linear."""

    def __init__(self, estimators):
        super().__init__()
        self.stem = Unit(nn.Conv2d(3, 16, 3, 1, 1, bias=False), 16)
        blocks, cin = [], 16
        for stage, cout in enumerate([16, 32, 64]):
            for block in range(3):
                blocks.append(ZooBlock(cin, cout, 2 if stage > 0 and block == 0 else 1, estimators))
                cin = cout
        self.blocks = nn.Sequential(*blocks)
        self.head_bn = nn.BatchNorm1d(64)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        return self.fc(self.head_bn(self.blocks(self.stem(x)).mean((2, 3))))


class ZooVggSmall(nn.Module):
    """signflow's vgg-small: FP conv 3->128, five binary units, 2x2 max-pools after the 2nd, 4th
    and 6th convolution, flatten -> Linear (no BatchNorm1d)."""

    def __init__(self, estimators):
        super().__init__()
        widths = [128, 128, 256, 256, 512, 512]
        units, cin = [], 3
        for index, cout in enumerate(widths):
            conv = nn.Conv2d(cin, cout, 3, 1, 1, bias=False) if index == 0 else QuantConv(cin, cout, 1, *estimators)
            units.append(Unit(conv, cout))
            if index % 2 == 1:
                units.append(nn.MaxPool2d(2))
            cin = cout
        self.features = nn.Sequential(*units)
        self.fc = nn.Linear(512 * 4 * 4, 10)

    def forward(self, x):
        return self.fc(torch.flatten(self.features(x), 1))


def zoo_model(model, estimator, precision):
    if precision == "float":  # the same architecture in full precision, as the zoo builds it without estimators
        return ZooResNet20((None, None)) if model == "resnet20" else ZooVggSmall((None, None))
    if estimator not in ESTIMATORS:
        raise ValueError(f"the PyTorch worker has no {estimator} estimator (it has {', '.join(ESTIMATORS)})")
    weights, activations = ESTIMATORS[estimator]
    estimators = (weights, activations if precision == "1w1a" else None)
    return ZooResNet20(estimators) if model == "resnet20" else ZooVggSmall(estimators)


def peak_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def make_step(command):
    torch.manual_seed(1)
    batch, mode = command["batch"], command["mode"]
    if command.get("workload") == "zoo":
        model = zoo_model(command["model"], command["estimator"], command["precision"])
    else:
        model = ResNet20(command["precision"] == "binary")
    images = torch.randn(batch, 3, 32, 32)
    labels = torch.randint(0, 10, (batch,))
    if mode == "infer":
        model.eval()

        def infer():
            with torch.no_grad():
                return float(model(images)[0, 0])

        return infer
    optimizer = torch.optim.SGD(model.parameters(), lr=command.get("learningRate", 0.01), momentum=0.9)

    def train():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        return float(loss)

    return train


def answer(command, state):
    if command["cmd"] == "setup":
        state["step"] = step = make_step(command)
        start, done = time.perf_counter(), 0
        while done < command.get("warmup", 1) or time.perf_counter() - start < command.get("warmupSeconds", 0):
            step()
            done += 1
        return {"ready": True, "backend": f"pytorch {torch.__version__}"}
    if command["cmd"] == "run" and state.get("step") is not None:
        seconds, last = [], 0.0
        for _ in range(command.get("steps", 1)):
            start = time.perf_counter()
            last = state["step"]()
            seconds.append(time.perf_counter() - start)
        return {"seconds": seconds, "finite": math.isfinite(last)}
    if command["cmd"] == "memory":
        return {"peakRssMb": peak_rss_mb()}
    return {"error": f"unknown or premature command {json.dumps(command)}"}


def main():
    state = {}
    for line in sys.stdin:
        try:
            reply = answer(json.loads(line), state)
        except Exception as error:  # reported to the coordinator, which stops with it
            reply = {"error": f"{type(error).__name__}: {error}"}
        print(json.dumps(reply), flush=True)

if __name__ == "__main__":
    main()
