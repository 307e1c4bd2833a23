"""Convert a TensorFlow.js graph model (model.json + weight shards) to ONNX.

Needs only numpy and onnx (Debian's python3-numpy and python3-onnx). Usage:

    tfjs_to_onnx.py MODEL_JSON OUT.onnx

* Weights are read from the shards listed in the model.json's weightsManifest (paths relative to
  the model.json) and decoded to float32/int32, including float16 and uint8/uint16 quantisation.
* The ONNX input keeps TF's NHWC layout and name; the batch dimension is symbolic ("batch").
  A Transpose right after the input moves activations to NCHW, the layout of ONNX's Conv and pools;
  4-D activations stay NCHW until an op that is not layout-aware (or a graph output) needs NHWC.
* Outputs are the signature's outputs in their listed order (else the nodes nobody consumes),
  named after their TF node.
* Supported TF ops: Conv2D, DepthwiseConv2dNative, _FusedConv2D, FusedDepthwiseConv2dNative,
  MatMul, _FusedMatMul (fused BiasAdd + Relu/Relu6/Prelu), BiasAdd, Add/AddV2, Sub, Mul, RealDiv,
  Minimum, Maximum, Relu, Relu6, Prelu, Elu, Sigmoid, Tanh, MaxPool, AvgPool, Mean, Reshape,
  Concat/ConcatV2, Softmax, Identity, Const, Placeholder. Anything else stops the conversion.
  Batch-norm chains (Conv -> Mul -> Add) are left to ONNX Runtime's Conv+Mul/Add fusions, and a
  Relu -> Minimum(c) -> Maximum(0) chain (Keras' ReLU6 export) becomes one Clip(0, c).
The output is deterministic: the same model.json and shards give the same bytes.
"""
import base64
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
TO_NCHW, TO_NHWC = [0, 3, 1, 2], [0, 2, 3, 1]
DTYPES = {"float32": np.float32, "int32": np.int32, "bool": np.bool_}
QUANTISED = {"float16": np.float16, "uint8": np.uint8, "uint16": np.uint16}
TF_DTYPES = {"DT_FLOAT": np.float32, "DT_INT32": np.int32}


def load_weights(model_json: dict, folder: str) -> dict:
    """Every weight of the manifest as a numpy array, by name."""
    weights = {}
    for group in model_json["weightsManifest"]:
        data = b"".join(open(os.path.join(folder, p), "rb").read() for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            shape, count = spec["shape"], int(np.prod(spec["shape"], dtype=np.int64))
            quant = spec.get("quantization")
            stored = QUANTISED[quant["dtype"]] if quant else DTYPES[spec["dtype"]]
            raw = np.frombuffer(data, stored, count, offset)
            offset += count * np.dtype(stored).itemsize
            if quant and quant["dtype"] == "float16":
                value = raw.astype(np.float32)
            elif quant:  # affine: q * scale + min
                value = raw.astype(np.float32) * np.float32(quant["scale"]) + np.float32(quant["min"])
                if spec["dtype"] == "int32":
                    value = np.round(value)
            else:
                value = raw
            weights[spec["name"]] = value.astype(DTYPES[spec["dtype"]]).reshape(shape)
        if offset != len(data):
            sys.exit(f"tfjs_to_onnx: weights use {offset} bytes of {len(data)} in {group['paths']}")
    return weights


def inline_tensor(tensor: dict) -> np.ndarray:
    """A Const's value written in the model.json itself (rare: converters move them to the shards)."""
    dtype = TF_DTYPES[tensor["dtype"]]
    shape = [int(d["size"]) for d in tensor.get("tensorShape", {}).get("dim", [])]
    if "tensorContent" in tensor:
        return np.frombuffer(base64.b64decode(tensor["tensorContent"]), dtype).reshape(shape).copy()
    values = tensor.get("floatVal") or tensor.get("intVal") or [0]
    return np.broadcast_to(np.array(values, dtype), shape).copy()


def broadcast(shapes: list) -> list:
    """Numpy-style broadcast of shapes whose unknown (batch) dimensions are None."""
    rank = max(len(s) for s in shapes)
    padded = [[1] * (rank - len(s)) + list(s) for s in shapes]
    return [None if None in dims else max(dims) for dims in zip(*padded)]


def topological(nodes: list) -> list:
    """The nodes with every node after its inputs (model.json lists are usually, not always, in order)."""
    by_name, done, order = {n["name"]: n for n in nodes}, set(), []
    for root in nodes:
        stack = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if node["name"] in done:
                continue
            if expanded:
                done.add(node["name"])
                order.append(node)
                continue
            stack.append((node, True))
            for i in reversed(node.get("input", [])):
                ref = i.lstrip("^").split(":")[0]
                if ref not in done:
                    stack.append((by_name[ref], False))
    return order


def attr(node: dict, name: str, default=None):
    value = node.get("attr", {}).get(name)
    if value is None:
        return default
    if "list" in value:
        items = value["list"]
        if "s" in items:
            return [base64.b64decode(s).decode() for s in items["s"]]
        return [int(i) for i in items.get("i", [])]
    if "s" in value:
        return base64.b64decode(value["s"]).decode()
    if "i" in value:
        return int(value["i"])
    if "b" in value:
        return bool(value["b"])
    if "f" in value:
        return float(value["f"])
    if "shape" in value:
        return [int(d["size"]) for d in value["shape"].get("dim", [])]
    return value


class Converter:
    def __init__(self, model_json: dict, weights: dict):
        self.tf_nodes = topological(model_json["modelTopology"]["node"])
        self.by_name = {n["name"]: n for n in self.tf_nodes}
        signature = model_json.get("signature") or model_json.get("userDefinedMetadata", {}).get("signature") or {}
        self.consts = {}
        for n in self.tf_nodes:
            if n["op"] == "Const":
                self.consts[n["name"]] = weights[n["name"]] if n["name"] in weights else inline_tensor(n["attr"]["value"]["tensor"])
        self.consumers = {}
        for n in self.tf_nodes:
            for i in n.get("input", []):
                self.consumers.setdefault(self.ref(i), []).append(n["name"])
        self.outputs = [self.ref(o["name"]) for o in signature.get("outputs", {}).values()] or [
            n["name"] for n in self.tf_nodes if n["op"] != "Const" and n["name"] not in self.consumers]
        self.nodes, self.initializers, self.inputs = [], {}, []
        self.tensors = {}  # TF node name -> (onnx value name, shape with None for batch, layout "nchw"/"nhwc")
        self.skip = set()  # TF nodes folded into another one

    @staticmethod
    def ref(name: str) -> str:
        """A TF input reference ("node", "node:0", "^control") as its node name."""
        return name.lstrip("^").split(":")[0]

    # --- emitting ONNX -------------------------------------------------------------------------
    def const(self, name: str, value: np.ndarray) -> str:
        self.initializers[name] = numpy_helper.from_array(np.ascontiguousarray(value), name)
        return name

    def emit(self, op: str, inputs: list, output: str, **attrs) -> str:
        self.nodes.append(helper.make_node(op, inputs, [output], name=output, **attrs))
        return output

    def value(self, tf_input: str, layout: str | None = None):
        """An activation's ONNX name and shape, transposed to `layout` when it is 4-D and differs."""
        name, shape, current = self.tensors[self.ref(tf_input)]
        if layout and len(shape) == 4 and current != layout:
            perm = TO_NCHW if layout == "nchw" else TO_NHWC
            key = self.ref(tf_input) + "/" + layout
            if key not in self.tensors:
                self.tensors[key] = (self.emit("Transpose", [name], key, perm=perm), [shape[p] for p in perm], layout)
            return self.tensors[key][:2]
        return name, shape

    def operand(self, tf_input: str, like_shape: list, like_layout: str, name: str):
        """A binary op's operand: constants are broadcast-matched to an NCHW partner."""
        ref = self.ref(tf_input)
        if ref not in self.consts:
            return self.value(tf_input, like_layout if len(like_shape) == 4 else None)
        c = self.consts[ref]
        if like_layout == "nchw" and len(like_shape) == 4 and c.ndim >= 1:
            c = c.reshape((1,) * (4 - c.ndim) + c.shape).transpose(TO_NCHW)
        return self.const(name, c), list(c.shape)

    def set(self, tf_name: str, onnx_name: str, shape: list, layout: str = "nhwc"):
        self.tensors[tf_name] = (onnx_name, shape, layout if len(shape) == 4 else "nhwc")

    # --- ops -----------------------------------------------------------------------------------
    def conv(self, n: dict, depthwise: bool) -> None:
        x, (_, c, h, w) = self.value(n["input"][0], "nchw")
        kernel = self.consts[self.ref(n["input"][1])].astype(np.float32)
        kh, kw = kernel.shape[:2]
        if attr(n, "data_format", "NHWC") != "NHWC":
            raise NotImplementedError(f"{n['name']}: data_format {attr(n, 'data_format')}")
        strides, dilations = attr(n, "strides")[1:3], (attr(n, "dilations") or [1, 1, 1, 1])[1:3]
        if depthwise:  # [kh, kw, cin, mult] -> [cin * mult, 1, kh, kw], one group per input channel
            weight, group = kernel.reshape(kh, kw, 1, -1).transpose(3, 2, 0, 1), c
        else:  # [kh, kw, cin, cout] -> [cout, cin, kh, kw]
            weight, group = kernel.transpose(3, 2, 0, 1), 1
        pads, (oh, ow) = self.pads(n, (h, w), (kh, kw), strides, dilations)
        inputs = [x, self.const(n["name"] + "/weight", weight)]
        fused = attr(n, "fused_ops", [])
        if fused[:1] == ["BiasAdd"]:
            inputs.append(self.const(n["name"] + "/bias", self.consts[self.ref(n["input"][2])].astype(np.float32)))
            fused = fused[1:]
        elif fused:
            raise NotImplementedError(f"{n['name']}: fused ops {fused}")
        out = self.emit("Conv", inputs, n["name"] + ("/conv" if fused else ""), kernel_shape=[kh, kw],
                        strides=strides, dilations=dilations, pads=pads, group=group)
        shape = [None, weight.shape[0], oh, ow]
        self.set(n["name"], self.activation(n, fused, out, shape), shape, "nchw")

    def pads(self, n, size, kernel, strides, dilations):
        """Explicit ONNX pads [top, left, bottom, right] for TF's VALID/SAME (extra pixel at the end)."""
        padding, pads, out = attr(n, "padding"), [], []
        for i in range(2):
            k = (kernel[i] - 1) * dilations[i] + 1
            if padding == "VALID":
                pads.append((0, 0))
                out.append((size[i] - k) // strides[i] + 1)
            elif padding == "SAME":
                o = -(-size[i] // strides[i])
                total = max((o - 1) * strides[i] + k - size[i], 0)
                pads.append((total // 2, total - total // 2))
                out.append(o)
            else:
                raise NotImplementedError(f"{n['name']}: padding {padding}")
        return [pads[0][0], pads[1][0], pads[0][1], pads[1][1]], out

    def activation(self, n: dict, fused: list, x: str, shape: list) -> str:
        """The activation of a _Fused* op (after its BiasAdd)."""
        if not fused:
            return x
        if fused == ["Relu"]:
            return self.emit("Relu", [x], n["name"])
        if fused == ["Relu6"]:
            return self.emit("Clip", [x, self.const(n["name"] + "/min", np.float32(0)),
                                      self.const(n["name"] + "/max", np.float32(6))], n["name"])
        if fused == ["Prelu"]:
            alpha = self.consts[self.ref(n["input"][3])].astype(np.float32)
            if len(shape) == 4:
                alpha = alpha.reshape(-1, 1, 1)
            return self.emit("PRelu", [x, self.const(n["name"] + "/alpha", alpha)], n["name"])
        raise NotImplementedError(f"{n['name']}: fused ops {fused}")

    def matmul(self, n: dict) -> None:
        a, a_shape = self.value(n["input"][0])
        b = self.consts.get(self.ref(n["input"][1]))
        ta, tb = attr(n, "transpose_a", False), attr(n, "transpose_b", False)
        fused = attr(n, "fused_ops", [])
        if b is None or len(a_shape) != 2:
            if fused or ta or tb:
                raise NotImplementedError(f"{n['name']}: MatMul of two activations or rank {len(a_shape)}")
            b_name, b_shape = self.value(n["input"][1])
            out = self.emit("MatMul", [a, b_name], n["name"])
            self.set(n["name"], out, a_shape[:-1] + b_shape[-1:])
            return
        inputs = [a, self.const(n["name"] + "/weight", b.astype(np.float32))]
        if fused[:1] == ["BiasAdd"]:
            inputs.append(self.const(n["name"] + "/bias", self.consts[self.ref(n["input"][2])].astype(np.float32)))
            fused = fused[1:]
        shape = [None, b.shape[0] if tb else b.shape[1]]
        out = self.emit("Gemm", inputs, n["name"] + ("/gemm" if fused else ""), transA=int(ta), transB=int(tb))
        self.set(n["name"], self.activation(n, fused, out, shape), shape)

    def pool(self, n: dict, op: str) -> None:
        x, (_, c, h, w) = self.value(n["input"][0], "nchw")
        kernel, strides = attr(n, "ksize")[1:3], attr(n, "strides")[1:3]
        pads, (oh, ow) = self.pads(n, (h, w), kernel, strides, [1, 1])
        out = self.emit(op, [x], n["name"], kernel_shape=kernel, strides=strides, pads=pads)
        self.set(n["name"], out, [None, c, oh, ow], "nchw")

    def elementwise(self, n: dict, op: str) -> None:
        refs = [self.ref(i) for i in n["input"]]
        activation = next(r for r in refs if r not in self.consts)
        _, shape, layout = self.tensors[activation]
        inputs = [self.operand(i, shape, layout, f"{n['name']}/{k}") for k, i in enumerate(n["input"])]
        out = self.emit(op, [name for name, _ in inputs], n["name"])
        self.set(n["name"], out, broadcast([s for _, s in inputs]), layout)

    def unary(self, n: dict, op: str) -> None:
        x, shape, layout = self.tensors[self.ref(n["input"][0])]
        self.set(n["name"], self.emit(op, [x], n["name"]), shape, layout)

    def clip(self, n: dict, low: float, high: float, source: str | None = None) -> None:
        x, shape, layout = self.tensors[self.ref(source or n["input"][0])]
        out = self.emit("Clip", [x, self.const(n["name"] + "/min", np.float32(low)),
                                 self.const(n["name"] + "/max", np.float32(high))], n["name"])
        self.set(n["name"], out, shape, layout)

    def relu6_chain(self, n: dict) -> bool:
        """Relu -> Minimum(scalar c) -> Maximum(scalar 0), each used once: one Clip(0, c)."""
        def single(name, op):
            users = self.consumers.get(name, [])
            only = len(users) == 1 and name not in self.outputs
            return self.by_name[users[0]] if only and self.by_name[users[0]]["op"] == op else None

        def scalar(node):
            values = [self.consts[self.ref(i)] for i in node["input"] if self.ref(i) in self.consts]
            return float(values[0]) if len(values) == 1 and values[0].size == 1 else None

        minimum = single(n["name"], "Minimum")
        maximum = minimum and single(minimum["name"], "Maximum")
        if not maximum or scalar(minimum) is None or scalar(maximum) != 0 or scalar(minimum) <= 0:
            return False
        self.clip(maximum, 0.0, scalar(minimum), source=n["input"][0])
        self.skip.update([minimum["name"], maximum["name"]])
        return True

    def mean(self, n: dict) -> None:
        x, shape, layout = self.tensors[self.ref(n["input"][0])]
        axes = [int(a) % len(shape) for a in np.atleast_1d(self.consts[self.ref(n["input"][1])])]
        if layout == "nchw":
            axes = [TO_NHWC[a] for a in axes]  # NHWC axis a lives at NCHW position TO_NHWC[a]
        keep = attr(n, "keep_dims", False)
        out = self.emit("ReduceMean", [x], n["name"], axes=sorted(axes), keepdims=int(keep))
        kept = [1 if i in axes else d for i, d in enumerate(shape)] if keep else [d for i, d in enumerate(shape) if i not in axes]
        self.set(n["name"], out, kept, layout if keep else "nhwc")

    def reshape(self, n: dict) -> None:
        x, _ = self.value(n["input"][0], "nhwc")
        target = self.consts[self.ref(n["input"][1])].astype(np.int64)
        if target.size > 1 and target[0] == 1 and -1 in target[1:]:
            target = target.copy()
            target[0] = 0  # keep the batch dimension symbolic: 0 copies the input's
        out = self.emit("Reshape", [x, self.const(n["name"] + "/shape", target)], n["name"])
        self.set(n["name"], out, [None] + [int(d) if d > 0 else None for d in target[1:]])

    def concat(self, n: dict) -> None:
        parts = [i for i in n["input"] if not i.startswith("^")]
        axis = int(self.consts[self.ref(parts[-1])]) if n["op"] == "ConcatV2" else int(self.consts[self.ref(parts[0])])
        parts = parts[:-1] if n["op"] == "ConcatV2" else parts[1:]
        layouts = {self.tensors[self.ref(p)][2] for p in parts}
        layout = "nchw" if layouts == {"nchw"} else "nhwc"
        values = [self.value(p, layout) for p in parts]
        rank = len(values[0][1])
        axis %= rank
        if layout == "nchw" and rank == 4:
            axis = TO_NHWC[axis]
        shape = list(values[0][1])
        shape[axis] = None if any(s[axis] is None for _, s in values) else sum(s[axis] for _, s in values)
        self.set(n["name"], self.emit("Concat", [v for v, _ in values], n["name"], axis=axis), shape, layout)

    def softmax(self, n: dict) -> None:
        x, shape = self.value(n["input"][0], "nhwc")  # TF normalises the last axis
        self.set(n["name"], self.emit("Softmax", [x], n["name"], axis=-1), shape)

    # --- driver --------------------------------------------------------------------------------
    def convert(self) -> onnx.ModelProto:
        for n in self.tf_nodes:
            op = n["op"]
            if op == "Const" or n["name"] in self.skip:
                continue
            if op == "Placeholder":
                shape = attr(n, "shape")
                if len(shape) != 4:
                    raise NotImplementedError(f"{n['name']}: only 4-D NHWC image inputs are supported")
                self.inputs.append(helper.make_tensor_value_info(n["name"], TensorProto.FLOAT, ["batch"] + shape[1:]))
                self.set(n["name"], n["name"], [None] + shape[1:], "nhwc")
            elif op in ("Conv2D", "_FusedConv2D"):
                self.conv(n, depthwise=False)
            elif op in ("DepthwiseConv2dNative", "FusedDepthwiseConv2dNative"):
                self.conv(n, depthwise=True)
            elif op in ("MatMul", "_FusedMatMul"):
                self.matmul(n)
            elif op in ("MaxPool", "AvgPool"):
                self.pool(n, "MaxPool" if op == "MaxPool" else "AveragePool")
            elif op in ("Add", "AddV2", "BiasAdd", "Sub", "Mul", "RealDiv", "Minimum", "Maximum", "Prelu"):
                onnx_op = {"AddV2": "Add", "BiasAdd": "Add", "RealDiv": "Div", "Minimum": "Min",
                           "Maximum": "Max", "Prelu": "PRelu"}.get(op, op)
                self.elementwise(n, onnx_op)
            elif op == "Relu":
                if not self.relu6_chain(n):
                    self.unary(n, "Relu")
            elif op == "Relu6":
                self.clip(n, 0.0, 6.0)
            elif op in ("Sigmoid", "Tanh", "Identity", "Elu"):
                self.unary(n, op)
            elif op == "Mean":
                self.mean(n)
            elif op == "Reshape":
                self.reshape(n)
            elif op in ("Concat", "ConcatV2"):
                self.concat(n)
            elif op == "Softmax":
                self.softmax(n)
            else:
                raise NotImplementedError(f"{n['name']}: TF op {op} is not supported")

        outputs = []
        for ref in self.outputs:
            x, shape = self.value(ref, "nhwc")
            name = x if x == ref else self.emit("Identity", [x], ref + "/output")
            outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, ["batch" if d is None else d for d in shape]))

        used = {i for node in self.nodes for i in node.input}
        graph = helper.make_graph(self.nodes, "tfjs", self.inputs, outputs,
                                  [t for name, t in self.initializers.items() if name in used])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name="tfjs_to_onnx.py", ir_version=7)
        onnx.checker.check_model(model)
        return model


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit("usage: tfjs_to_onnx.py MODEL_JSON OUT.onnx")
    source, target = sys.argv[1], sys.argv[2]
    model_json = json.load(open(source))
    if model_json.get("format") not in (None, "graph-model"):
        sys.exit(f"tfjs_to_onnx: {source} is a {model_json['format']}, not a graph model")
    model = Converter(model_json, load_weights(model_json, os.path.dirname(os.path.abspath(source)))).convert()
    with open(target, "wb") as f:
        f.write(model.SerializeToString(deterministic=True))


if __name__ == "__main__":
    main()
