namespace Contracts.Faces;

/// <summary>The faces the saga picked, in the order of the boxes asked for, else biggest first.</summary>
public sealed record ProcessPhotoResult(int Orientation, IReadOnlyList<ProcessedFace> Faces);
