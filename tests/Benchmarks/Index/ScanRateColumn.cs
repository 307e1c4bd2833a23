using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Benchmarks.Index;

/// <summary>GB/s of facen bytes a benchmark goes through: its Faces parameter times the bytes read per face (2 KiB of float32,
/// or 524 bytes of int8 facen and bounds; a tenth of that for a gallery benchmark), over its mean time.</summary>
public sealed class ScanRateColumn : IColumn
{
    public const string AllRows = "all rows";
    public const string TenthOfRows = "a tenth of the rows";
    public const string Float32 = "float32 rows";

    public string Id => nameof(ScanRateColumn);
    public string ColumnName => "GB/s";
    public string Legend => "Facen bytes scanned (or copied) per second, in 10^9 bytes";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;

    public bool IsAvailable(Summary summary) => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is null || benchmarkCase.Parameters["Faces"] is not int faces)
            return "NA";
        var categories = benchmarkCase.Descriptor.Categories;
        var bytes = faces * (categories.Contains(Float32) ? SyntheticFaces.Float32FacenBytes : SyntheticFaces.Int8ScanBytes)
                    / (categories.Contains(TenthOfRows) ? SyntheticFaces.GalleryShare : 1);
        return (bytes / mean.Value).ToString("F1"); // bytes per nanosecond = GB/s
    }

    public override string ToString() => ColumnName;
}
