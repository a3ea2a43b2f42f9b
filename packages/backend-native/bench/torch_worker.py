"""PyTorch side of the backend benchmark: the same ResNet-20 (option-A shortcuts, BN, ReLU,
sign with a straight-through gradient for 1W/1A) and the same step, answering the coordinator's
JSON-line commands (see worker.ts). Run with Debian's /usr/bin/python3 (python3-torch)."""
import json
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


def peak_rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def make_step(precision, batch, mode):
    torch.manual_seed(1)
    model = ResNet20(precision == "binary")
    images = torch.randn(batch, 3, 32, 32)
    labels = torch.randint(0, 10, (batch,))
    if mode == "infer":
        model.eval()

        def infer():
            with torch.no_grad():
                return float(model(images)[0, 0])

        return infer
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def train():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(images), labels)
        loss.backward()
        optimizer.step()
        return float(loss)

    return train


def main():
    step = None
    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "setup":
            step = make_step(command["precision"], command["batch"], command["mode"])
            start, done = time.perf_counter(), 0
            while done < command.get("warmup", 1) or time.perf_counter() - start < command.get("warmupSeconds", 0):
                step()
                done += 1
            reply = {"ready": True, "backend": f"pytorch {torch.__version__}"}
        elif command["cmd"] == "run" and step is not None:
            seconds = []
            for _ in range(command.get("steps", 1)):
                start = time.perf_counter()
                step()
                seconds.append(time.perf_counter() - start)
            reply = {"seconds": seconds}
        elif command["cmd"] == "memory":
            reply = {"peakRssMb": peak_rss_mb()}
        else:
            reply = {"error": f"unknown or premature command {line.strip()}"}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
