namespace Contracts.Faces;

/// <summary>The faces the saga picked, in the order of the boxes asked for, else biggest first.</summary>
/// <param name="Width">Width of the upright image, as the detect stage saw it.</param>
/// <param name="StageMs">Milliseconds each stage took (detect, embed, search, index, persist), for the call's log line.</param>
/// <param name="LiveShards">For a search: how many index shards answered, of <paramref name="TotalShards"/> (X-Live-Servers).</param>
public sealed record ProcessPhotoResult(int Orientation, int Width, int Height, IReadOnlyList<ProcessedFace> Faces, int LiveShards = 1,
    int TotalShards = 1, IReadOnlyDictionary<string, double>? StageMs = null);
