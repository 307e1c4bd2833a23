using Workers.Video.Analysis;

namespace Workers.Video.BestFace;

/// <summary>Decides which snapshots of one track are posted (spec 5.1.2, best face search). A snapshot returned for
/// posting carries a frame reference of its own that the poster releases.</summary>
public interface IBestFaceChoice
{
    /// <summary>A new eligible snapshot of the track; returns those to post now.</summary>
    IReadOnlyList<FaceSnapshot> Offer(FaceSnapshot snapshot);

    /// <summary>The face left the field of view; returns those still to post.</summary>
    IReadOnlyList<FaceSnapshot> Finish();
}
