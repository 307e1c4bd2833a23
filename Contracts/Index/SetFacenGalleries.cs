namespace Contracts.Index;

/// <summary>Replace the named galleries of an indexed face ("default" always stays). Answered by <see cref="SetFacenGalleriesResult"/>.</summary>
public sealed record SetFacenGalleries(long FaceId, IReadOnlyList<string> Galleries);
