"""Make a model's batch dimension symbolic so ONNX Runtime can run N faces in one call.

The faceplugin models were exported with batch 1 pinned in three places: the graph's input and
output shapes, intermediate value_info, and Reshape shape constants of the form [1, -1]. Older
exports also list their weights among the graph inputs; they are dropped from the inputs so that
ONNX Runtime treats them as constants.
A Reshape target of 0 copies the input's dimension, so [1, -1] becomes [0, -1]; everything else
is shape-agnostic. Usage: batch_dynamic.py IN.onnx OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def rewrite(model: onnx.ModelProto) -> None:
    graph = model.graph
    initializers = {i.name: i for i in graph.initializer}
    data_inputs = [i for i in graph.input if i.name not in initializers]
    del graph.input[:]
    graph.input.extend(data_inputs)
    for value in list(graph.input) + list(graph.output):
        dims = value.type.tensor_type.shape.dim
        if dims:
            dims[0].Clear()
            dims[0].dim_param = "batch"
    del graph.value_info[:]
    for node in graph.node:
        if node.op_type != "Reshape" or node.input[1] not in initializers:
            continue
        shape = numpy_helper.to_array(initializers[node.input[1]])
        if shape.ndim == 1 and shape.size >= 2 and shape[0] == 1:
            fixed = shape.copy()
            fixed[0] = 0
            initializers[node.input[1]].CopyFrom(numpy_helper.from_array(fixed.astype(np.int64), node.input[1]))


if __name__ == "__main__":
    source, target = sys.argv[1], sys.argv[2]
    model = onnx.load(source)
    rewrite(model)
    onnx.checker.check_model(model)
    onnx.save(model, target)
