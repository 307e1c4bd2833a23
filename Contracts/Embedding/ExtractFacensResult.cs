namespace Contracts.Embedding;

/// <summary>One description per requested face, in the order of the request.</summary>
public sealed record ExtractFacensResult(IReadOnlyList<FaceDescription> Faces);
