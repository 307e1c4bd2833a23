using Contracts.Detection;
using Contracts.Images;

namespace Contracts.Embedding;

/// <summary>Describe detected faces: facen, attributes, normalized image. Answered by <see cref="ExtractFacensResult"/> or <see cref="ImageRejected"/>.</summary>
public sealed record ExtractFacens(ImageRef Image, IReadOnlyList<DetectedFace> Faces, FaceAttributes Wanted);
