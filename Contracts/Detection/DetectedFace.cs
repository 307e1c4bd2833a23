using Contracts.Images;

namespace Contracts.Detection;

/// <summary>One detected face.</summary>
/// <param name="Box">The face's bounding box.</param>
/// <param name="Score">The detector's confidence in [0, 1].</param>
/// <param name="Landmarks">Five points as x0, y0 ... x4, y4: left eye, right eye, nose tip, left and right mouth corners.</param>
/// <param name="Sharpness">Vision's FaceSharpness: the face's Laplacian variance over its luma variance; 0 when the face has no detail.</param>
public sealed record DetectedFace(Box Box, float Score, float[] Landmarks, float Sharpness);
