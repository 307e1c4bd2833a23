using System.ComponentModel.DataAnnotations;
using Vision.Imaging;

namespace Gateway.Http;

/// <summary>Settings of the FindFace API (section "Facenapi", after findface-facenapi.ini).</summary>
public sealed class FacenapiOptions
{
    public const string Section = "Facenapi";

    /// <summary>Largest request body, all uploads included; larger ones are refused with 413.</summary>
    [Range(1, long.MaxValue)]
    public long MaxRequestBodySize { get; set; } = 32 * 1024 * 1024;

    /// <summary>Largest photo, uploaded or fetched (spec 9.1.9: 10 MB); a larger one is refused with 400 BAD_PARAM.</summary>
    [Range(1, int.MaxValue)]
    public int MaxPhotoSize { get; set; } = ImageLimits.SpecMaxBytes;

    /// <summary>FindFace's <c>gae</c>: estimate gender, age and emotions of enrolled faces, so that v1 returns them.</summary>
    public bool Gae { get; set; } = true;

    /// <summary>FindFace's <c>person_identify</c> (spec 8.2): every new face joins the person of its most similar face, or
    /// starts a person, and is answered with its <c>person_id</c>.</summary>
    public bool PersonIdentify { get; set; }

    /// <summary>FindFace's <c>person_identify_global</c>: persons are identified across all cameras rather than per camera.</summary>
    public bool PersonIdentifyGlobal { get; set; }

    /// <summary>FindFace's <c>person_identify_threshold</c>: the confidence (as <c>threshold</c> of spec 9.1.7) at which a new
    /// face belongs to the person of its most similar face.</summary>
    [Range(0.0, 1.0)]
    public float PersonIdentifyThreshold { get; set; } = 0.75f;

    /// <summary>FindFace's <c>friend_count</c> (spec 8.3): a person seen by a camera on this many days within
    /// <see cref="FriendInterval"/> is a friend of it.</summary>
    [Range(1, int.MaxValue)]
    public int FriendCount { get; set; } = 5;

    /// <summary>FindFace's <c>friend_interval</c>, in seconds (a week by default).</summary>
    [Range(1, int.MaxValue)]
    public int FriendInterval { get; set; } = 3600 * 24 * 7;

    /// <summary>Results per page of a listing when the client gives no <c>limit</c>.</summary>
    [Range(1, MaxPageSize)]
    public int PageSize { get; set; } = 100;

    /// <summary>The largest <c>limit</c> a client may ask for.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The largest <c>n</c> of an identify.</summary>
    public const int MaxMatches = 1000;

    /// <summary>Most face pairs one verify compares (faces of photo1 x faces of photo2); more are refused with BAD_PARAM.</summary>
    public const int MaxVerifyPairs = 1000;

    /// <summary>The longest meta string.</summary>
    public const int MaxMetaLength = 4096;
}
