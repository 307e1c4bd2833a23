namespace Workers.Index.Redis;

/// <summary>The Lua scripts a shard runs, so that a face's vector sets change together: a search never sees a face in a
/// gallery after its removal, and a face's galleries never drift from its attribute.</summary>
/// <remarks>Keys: <c>facen:{gallery}</c>, one vector set per gallery, "default" holding every face of the shard; elements
/// are decimal face ids. The face's named galleries are its attribute in "default" ("staff,vip"; gallery names hold no
/// comma), so a removal knows which sets to leave without asking each of them.</remarks>
internal static class ShardScripts
{
    public const string KeyPrefix = "facen:";
    public const string DefaultKey = KeyPrefix + GalleryNames.Default;

    private const string Split = """
        local function split(csv)
          local set = {}
          for g in string.gmatch(csv or '', '[^,]+') do set[g] = true end
          return set
        end
        """;

    /// <summary>ARGV: quantisation, then (face id, float32 facen, galleries csv) per face; VADD of a face already there
    /// replaces it, so adding twice is harmless.</summary>
    public const string Add = Split + """

        local quant = ARGV[1]
        for i = 2, #ARGV, 3 do
          local id, blob, csv = ARGV[i], ARGV[i + 1], ARGV[i + 2]
          local before = split(redis.call('VGETATTR', 'facen:default', id))
          redis.call('VADD', 'facen:default', 'FP32', blob, id, quant)
          redis.call('VSETATTR', 'facen:default', id, csv)
          local after = split(csv)
          for g in pairs(after) do redis.call('VADD', 'facen:' .. g, 'FP32', blob, id, quant) end
          for g in pairs(before) do
            if not after[g] then redis.call('VREM', 'facen:' .. g, id) end
          end
        end
        return (#ARGV - 1) / 3
        """;

    /// <summary>ARGV: face ids; returns how many were there.</summary>
    public const string Remove = Split + """

        local removed = 0
        for _, id in ipairs(ARGV) do
          for g in pairs(split(redis.call('VGETATTR', 'facen:default', id))) do redis.call('VREM', 'facen:' .. g, id) end
          removed = removed + redis.call('VREM', 'facen:default', id)
        end
        return removed
        """;

    /// <summary>ARGV: quantisation, face id, galleries csv; a new gallery gets the facen kept in "default". Returns 0 when
    /// the face is not on this shard.</summary>
    public const string SetGalleries = Split + """

        local quant, id, csv = ARGV[1], ARGV[2], ARGV[3]
        local facen = redis.call('VEMB', 'facen:default', id)
        if not facen then return 0 end
        local before, after = split(redis.call('VGETATTR', 'facen:default', id)), split(csv)
        local vadd = {'VADD', '', 'VALUES', #facen}
        for i = 1, #facen do vadd[#vadd + 1] = facen[i] end
        vadd[#vadd + 1] = id
        vadd[#vadd + 1] = quant
        for g in pairs(after) do
          if not before[g] then
            vadd[2] = 'facen:' .. g
            redis.call(unpack(vadd))
          end
        end
        for g in pairs(before) do
          if not after[g] then redis.call('VREM', 'facen:' .. g, id) end
        end
        redis.call('VSETATTR', 'facen:default', id, csv)
        return 1
        """;

    /// <summary>ARGV: gallery; takes it out of each member's attribute, deletes its set and returns how many it held.</summary>
    public const string DropGallery = """
        local gallery = ARGV[1]
        local key = 'facen:' .. gallery
        local count = redis.call('VCARD', key)
        if count == 0 then return 0 end
        for _, id in ipairs(redis.call('VRANDMEMBER', key, count)) do
          local kept = {}
          for g in string.gmatch(redis.call('VGETATTR', 'facen:default', id) or '', '[^,]+') do
            if g ~= gallery then kept[#kept + 1] = g end
          end
          redis.call('VSETATTR', 'facen:default', id, table.concat(kept, ','))
        end
        redis.call('DEL', key)
        return count
        """;
}
