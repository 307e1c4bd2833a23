using Contracts.Images;

namespace Workers.Video.Configuration;

/// <summary>A rectangle given in X geometry, <c>WxH+X+Y</c>, as <c>rot</c> and <c>roi</c> take it.</summary>
public static class Region
{
    public static Box Parse(string geometry)
    {
        var size = geometry.Split('+', 2);
        var wh = size[0].Split('x');
        var xy = size.Length == 2 ? size[1].Split('+') : ["0", "0"];
        if (wh.Length != 2 || xy.Length != 2
            || !int.TryParse(wh[0], out var w) || !int.TryParse(wh[1], out var h)
            || !int.TryParse(xy[0], out var x) || !int.TryParse(xy[1], out var y)
            || w <= 0 || h <= 0 || x < 0 || y < 0)
            throw new FormatException($"'{geometry}' is not a rectangle WxH+X+Y (e.g. 150x123+300+155).");
        return new Box(x, y, x + w, y + h);
    }
}
