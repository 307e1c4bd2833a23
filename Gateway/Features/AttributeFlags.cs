using Contracts.Embedding;
using Gateway.Http;

namespace Gateway.Features;

/// <summary>
/// v1's per-request <c>gender</c>, <c>age</c> and <c>emotions</c> (spec 9.2.1, 8.1: "send a POST request to v1/face" with them):
/// true asks for the attribute, false leaves it out, and one not given follows the call's default (for an enrollment
/// <c>Facenapi:Gae</c>). v0 has none of them: each follows the default.
/// </summary>
public sealed record AttributeFlags(bool? Gender, bool? Age, bool? Emotions)
{
    public const FaceAttributes All = FaceAttributes.Gender | FaceAttributes.Age | FaceAttributes.Emotions;

    private static readonly AttributeFlags NotGiven = new(null, null, null);

    public static AttributeFlags Read(ApiParameters parameters, ApiVersion version) => version == ApiVersion.V1
        ? new(parameters.Bool("gender"), parameters.Bool("age"), parameters.Bool("emotions"))
        : NotGiven;

    /// <summary>The three flags as v1's requests document them; <paramref name="description"/> has {0} for the attribute.</summary>
    public static IEnumerable<RequestField> Fields(string description, string byDefault) =>
        new[] { "gender", "age", "emotions" }.Select(name =>
            new RequestField(name, FieldType.Boolean, string.Format(description, name) + $" Default: {byDefault}.", V1Only: true));

    /// <summary>The attributes asked for, those not given as <paramref name="byDefault"/> says.</summary>
    public FaceAttributes Wanted(bool byDefault) =>
        (Gender ?? byDefault ? FaceAttributes.Gender : 0)
        | (Age ?? byDefault ? FaceAttributes.Age : 0)
        | (Emotions ?? byDefault ? FaceAttributes.Emotions : 0);

    /// <summary>What a stored face's object shows: every attribute it has, unless the request said false.</summary>
    public FaceAttributes Shown => Wanted(byDefault: true);
}
