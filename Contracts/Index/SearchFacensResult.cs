namespace Contracts.Index;

/// <summary>One list of matches per query of a <see cref="SearchFacens"/> request, best first; equal similarities put the lower face id first.</summary>
public sealed record SearchFacensResult(IReadOnlyList<IReadOnlyList<FacenMatch>> Matches);
