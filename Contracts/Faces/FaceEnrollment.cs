namespace Contracts.Faces;

/// <summary>Store each described face as a new face with this meta, in <c>default</c> and these galleries.</summary>
public sealed record FaceEnrollment(string Meta, IReadOnlyList<string> Galleries);
