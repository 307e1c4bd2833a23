"""Build face-api.js's AgeGenderNet as ONNX from its weights manifest and shard.

AgeGenderNet is a TensorFlow.js *weights* model: the file holds only weights, the graph is written in
face-api's source (src/xception/TinyXception.ts with 2 main blocks, src/ageGenderNet/AgeGenderNet.ts).
This script writes that graph with the weights read in manifest order (models/tfjs_to_onnx.py's reader,
uint8 dequantisation included). Usage:

    age_gender_net_to_onnx.py WEIGHTS_MANIFEST.json OUT.onnx

* Input "input" [batch, 3, 112, 112]: RGB, (x - [122.782, 117.001, 104.298]) / 255 (TinyXception's
  normalisation, done by the caller). face-api pads the face to a square and resizes to 112 first.
* Outputs "age" [batch, 1] (years, a regression) and "gender" [batch, 2] (softmax: male, female).
* TF's 'same' padding is written out as explicit pads (TF puts the odd pixel at the end).
Only numpy and onnx (Debian's python3-numpy and python3-onnx); the output is deterministic.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tfjs_to_onnx import load_weights  # noqa: E402

OPSET = 13
SIZE = 112
MAIN_BLOCKS = 2


class Builder:
    def __init__(self, weights: dict):
        self.weights, self.used = weights, []
        self.nodes, self.initializers = [], []

    def weight(self, name: str, value: np.ndarray) -> str:
        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(value, np.float32), name))
        return name

    def emit(self, op: str, inputs: list, output: str, **attrs) -> str:
        self.nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def take(self, name: str) -> np.ndarray:
        self.used.append(name)
        return self.weights[name]

    @staticmethod
    def same_pads(size: int, kernel: int, stride: int) -> list:
        out = -(-size // stride)
        total = max((out - 1) * stride + kernel - size, 0)
        return [total // 2, total - total // 2]

    def conv(self, x: str, size: int, prefix: str, stride: int, filters: np.ndarray, group: int = 1, bias: str | None = None) -> str:
        """TF conv (HWIO filters, or HWC1 depthwise) with 'same' padding."""
        k = filters.shape[0]
        w = filters.transpose(3, 2, 0, 1) if group == 1 else filters.transpose(2, 3, 0, 1)
        (top, bottom) = self.same_pads(size, k, stride)
        inputs = [x, self.weight(prefix + "/w", w)] + ([bias] if bias else [])
        return self.emit("Conv", inputs, prefix, kernel_shape=[k, k], strides=[stride, stride],
                         pads=[top, top, bottom, bottom], group=group)

    def plain_conv(self, x: str, size: int, prefix: str, stride: int) -> str:
        bias = self.weight(prefix + "/b", self.take(prefix + "/bias"))
        return self.conv(x, size, prefix, stride, self.take(prefix + "/filters"), bias=bias)

    def separable(self, x: str, size: int, prefix: str) -> str:
        """tf.separableConv2d (depthwise then pointwise, stride 1) plus bias."""
        depthwise = self.take(prefix + "/depthwise_filter")
        pointwise = self.take(prefix + "/pointwise_filter")
        bias = self.weight(prefix + "/b", self.take(prefix + "/bias"))
        x = self.conv(x, size, prefix + "/depthwise", 1, depthwise, group=depthwise.shape[2])
        return self.conv(x, size, prefix + "/pointwise", 1, pointwise, bias=bias)

    def relu(self, x: str) -> str:
        return self.emit("Relu", [x], x + "/relu")

    def reduction_block(self, x: str, size: int, prefix: str, activate_input: bool = True) -> str:
        out = self.relu(x) if activate_input else x
        out = self.separable(out, size, prefix + "/separable_conv0")
        out = self.separable(self.relu(out), size, prefix + "/separable_conv1")
        (top, bottom) = self.same_pads(size, 3, 2)
        out = self.emit("MaxPool", [out], prefix + "/pool", kernel_shape=[3, 3], strides=[2, 2],
                        pads=[top, top, bottom, bottom])
        return self.emit("Add", [out, self.plain_conv(x, size, prefix + "/expansion_conv", 2)], prefix + "/add")

    def main_block(self, x: str, size: int, prefix: str) -> str:
        out = x
        for i in range(3):
            out = self.separable(self.relu(out), size, f"{prefix}/separable_conv{i}")
        return self.emit("Add", [out, x], prefix + "/add")

    def fully_connected(self, x: str, prefix: str) -> str:
        w = self.weight(prefix + "/w", self.take(prefix + "/weights"))
        b = self.weight(prefix + "/b", self.take(prefix + "/bias"))
        return self.emit("Gemm", [x, w, b], prefix)

    def build(self) -> onnx.ModelProto:
        x = self.relu(self.plain_conv("input", SIZE, "entry_flow/conv_in", 2))
        size = SIZE // 2
        x = self.reduction_block(x, size, "entry_flow/reduction_block_0", activate_input=False)
        x = self.reduction_block(x, size // 2, "entry_flow/reduction_block_1")
        size //= 4
        for i in range(MAIN_BLOCKS):
            x = self.main_block(x, size, f"middle_flow/main_block_{i}")
        x = self.reduction_block(x, size, "exit_flow/reduction_block")
        x = self.relu(self.separable(x, size // 2, "exit_flow/separable_conv"))
        # avgPool 7x7, stride 2, 'valid' over the 7x7 map: the global average.
        pooled = self.emit("Flatten", [self.emit("GlobalAveragePool", [x], "pool")], "pooled")
        age = self.fully_connected(pooled, "fc/age")
        gender = self.emit("Softmax", [self.fully_connected(pooled, "fc/gender")], "gender", axis=1)
        self.emit("Identity", [age], "age")

        unused = set(self.weights) - set(self.used)
        if unused or len(self.used) != len(set(self.used)):
            sys.exit(f"age_gender_net_to_onnx: weights not used exactly once: {sorted(unused)}")
        graph = helper.make_graph(
            self.nodes, "AgeGenderNet",
            [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 3, SIZE, SIZE])],
            [helper.make_tensor_value_info("age", TensorProto.FLOAT, ["batch", 1]),
             helper.make_tensor_value_info("gender", TensorProto.FLOAT, ["batch", 2])],
            self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name="age_gender_net_to_onnx.py", ir_version=7)
        onnx.checker.check_model(model)
        return model


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: age_gender_net_to_onnx.py WEIGHTS_MANIFEST.json OUT.onnx")
    source, target = sys.argv[1], sys.argv[2]
    manifest = json.load(open(source))
    weights = load_weights({"weightsManifest": manifest}, os.path.dirname(os.path.abspath(source)))
    model = Builder(weights).build()
    with open(target, "wb") as f:
        f.write(model.SerializeToString(deterministic=True))


if __name__ == "__main__":
    main()
