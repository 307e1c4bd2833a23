namespace Gateway.Storage;

/// <summary>A face to store with its facen: the metadata store is the source of truth from which any index can be rebuilt, so a
/// face is never stored without the facen and the name of the model that made it.</summary>
public sealed record FaceToStore(StoredFace Face, float[] Facen, string FacenModel);
