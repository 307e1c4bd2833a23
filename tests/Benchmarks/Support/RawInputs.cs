using Contracts.Detection;
using SkiaSharp;
using Vision.Alignment;
using Vision.Detection;
using Vision.Imaging;
using Vision.Models;

namespace Benchmarks.Support;

/// <summary>Model inputs made ahead of time, so that a raw run (<see cref="OnnxModel.RunBatch"/>) times ONNX Runtime alone.</summary>
public static class RawInputs
{
    /// <summary>One input per tile the detector cuts the whole image into; they run as one batch, as the detector runs them.</summary>
    public static float[][] ForDetector(UltraFaceDetector detector, OnnxModel model, DecodedImage image)
    {
        var input = model.Spec.Input;
        // The tiling is the detector's business: ask it, so that the raw run batches as many tiles as the engine.
        var count = detector.TileCount(new SKRectI(0, 0, image.Width, image.Height));

        // A convolutional network costs the same whatever the pixels: every tile can hold the whole image.
        using var bitmap = ImageWarp.Crop(image.Image, SKRect.Create(image.Width, image.Height), input.Width, input.Height);
        var tensor = InputTensor.From(bitmap, input);
        return [.. Enumerable.Repeat(tensor, count)];
    }

    /// <summary>A face model's input for a real face: the aligned face for facen, else the model's crop of the box.</summary>
    public static float[] ForFace(OnnxModel model, DecodedImage image, DetectedFace face)
    {
        var input = model.Spec.Input;
        var box = face.Box.ToRect();
        using var bitmap = model.Spec.Task == "facen"
            ? FaceAligner.Align(image, face.Landmarks)
            : ImageWarp.Crop(image.Image, model.Spec.Crop is { } crop ? FaceCrops.Around(box, crop) : box, input.Width, input.Height);
        return InputTensor.From(bitmap, input);
    }
}
