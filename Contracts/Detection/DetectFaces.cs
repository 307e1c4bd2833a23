using Contracts.Images;

namespace Contracts.Detection;

/// <summary>Find the faces in an image. Answered by <see cref="DetectFacesResult"/> or <see cref="ImageRejected"/>.</summary>
/// <param name="Image">The encoded image (JPEG, PNG or WebP) in the image store.</param>
/// <param name="Roi">Only faces inside this region are searched for; null means the whole image.</param>
/// <param name="Detector">One of <see cref="Detectors"/>.</param>
/// <param name="AutoRotate">When no face is found upright, search the image turned 90, 180 and 270 degrees.</param>
public sealed record DetectFaces(ImageRef Image, Box? Roi, string Detector, bool AutoRotate = false);
