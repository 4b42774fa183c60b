using System.Runtime.InteropServices;
using KeraLua;

namespace Janus.Scripting.Lua;

/// <summary>
/// The Lua state's allocator (lua_newstate's lua_Alloc): counts the state's heap and refuses growth past the limit
/// while a script call runs, which Lua turns into a "not enough memory" error inside the call. Outside calls the
/// limit is not enforced, so the host's own pushes never fail (Lua would panic outside protected mode).
/// Shrinking and freeing always succeed, as Lua requires.
/// </summary>
internal sealed unsafe class LuaMemoryBudget
{
    private readonly long _limit;
    private long _used;

    public LuaMemoryBudget(long limitBytes)
    {
        _limit = limitBytes;
        Allocator = Allocate;
    }

    /// <summary>Kept in a field so the delegate outlives the native state that calls it.</summary>
    public LuaAlloc Allocator { get; }

    public long Used => _used;

    public bool Enforcing { get; set; }

    public bool Exceeded { get; set; }

    private IntPtr Allocate(IntPtr ud, IntPtr ptr, UIntPtr osize, UIntPtr nsize)
    {
        // With ptr == NULL, osize is the kind of object being created, not a size (Lua 5.4 manual §4.6).
        long oldSize = ptr == IntPtr.Zero ? 0 : (long)(ulong)osize;
        long newSize = (long)(ulong)nsize;
        if (newSize == 0)
        {
            if (ptr != IntPtr.Zero)
            {
                NativeMemory.Free((void*)ptr);
                _used -= oldSize;
            }

            return IntPtr.Zero;
        }

        long growth = newSize - oldSize;
        if (growth > 0 && Enforcing && _used + growth > _limit)
        {
            Exceeded = true;
            return IntPtr.Zero;
        }

        void* block = NativeMemory.Realloc((void*)ptr, (nuint)newSize);
        if (block == null)
        {
            return IntPtr.Zero;
        }

        _used += growth;
        return (IntPtr)block;
    }
}
