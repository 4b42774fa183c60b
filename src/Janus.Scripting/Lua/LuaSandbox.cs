namespace Janus.Scripting.Lua;

/// <summary>
/// The Lua code run in every new state before the script: it keeps what the sandbox needs from the standard library
/// (as upvalues), installs the time-limit hook, wraps the server API so its failures become Lua errors, and removes
/// os (but time/clock/date/difftime), io, debug, dofile, loadfile, string.dump, native module loading and
/// bytecode loading. It receives the host's raw functions as its argument and returns the call entry point.
/// </summary>
internal static class LuaSandbox
{
    /// <summary>VM instructions between two checks of the call's deadline.</summary>
    public const int HookInstructionCount = 10_000;

    public const string Bootstrap = """
        local host = ...
        local stop, enforce, readModule = host.stop, host.enforce, host.readModule
        local sethook = debug.sethook
        local rawpcall, rawxpcall, rawload = pcall, xpcall, load
        local pack, unpack, select, type, error, pairs, tostring = table.pack, table.unpack, select, type, error, pairs, tostring
        local cocreate, coresume = coroutine.create, coroutine.resume
        local COUNT = host.hookCount

        local function hook()
          if stop() then error("call exceeded the time limit", 0) end
        end
        sethook(hook, "", COUNT)

        -- A limit error must not be swallowed by the script's own protected calls.
        local function rethrow(r)
          if not r[1] and stop() then error(r[2], 0) end
          return unpack(r, 1, r.n)
        end
        pcall = function(f, ...) return rethrow(pack(rawpcall(f, ...))) end
        xpcall = function(f, h, ...) return rethrow(pack(rawxpcall(f, h, ...))) end
        coroutine.create = function(f)
          local co = cocreate(f)
          sethook(co, hook, "", COUNT)
          return co
        end
        coroutine.resume = function(co, ...) return rethrow(pack(coresume(co, ...))) end
        coroutine.wrap = function(f)
          local co = coroutine.create(f)
          return function(...)
            local r = pack(coresume(co, ...))
            if not r[1] then error(r[2], 0) end
            return unpack(r, 2, r.n)
          end
        end

        -- Server functions answer (true, results...) or (false, message); a failure is raised where the script called.
        local function wrap(f)
          return function(...)
            local r = pack(f(...))
            if not r[1] then error(r[2], 2) end
            return unpack(r, 2, r.n)
          end
        end
        for name, f in pairs(host.api) do _G[name] = wrap(f) end
        local json = { encode = wrap(host.json.encode), decode = wrap(host.json.decode) }
        _G.json = json

        -- handleMessage's answer, the same names in every language; each returns Janus's (code, value[, error code]).
        janus = {
          reply = function(value) return 0, value end,
          later = function(hint) return 1, hint end,
          refuse = function(reason, code) return -1, reason, code end,
        }

        print = function(...)
          local parts = pack(...)
          for i = 1, parts.n do parts[i] = tostring(parts[i]) end
          janusLog(4, table.concat(parts, "\t", 1, parts.n))
        end

        local loaded = { json = json, string = string, table = table, math = math, coroutine = coroutine, utf8 = utf8 }
        require = function(name)
          if loaded[name] ~= nil then return loaded[name] end
          local source, path = readModule(name)
          if not source then error("module '" .. tostring(name) .. "' not found (modules live in lib/ beside the plugins)", 2) end
          local chunk, err = rawload(source, "@" .. path, "t")
          if not chunk then error(err, 0) end
          local result = chunk(name)
          if result == nil then result = true end
          loaded[name] = result
          return result
        end
        load = function(chunk, name, mode, ...)
          if select("#", ...) > 0 then return rawload(chunk, name, "t", ...) end
          return rawload(chunk, name, "t")
        end
        package = { loaded = loaded, path = "", cpath = "" }
        dofile, loadfile, string.dump = nil, nil, nil
        io, debug = nil, nil
        local clock, time, date, difftime = os.clock, os.time, os.date, os.difftime
        os = { clock = clock, time = time, date = date, difftime = difftime }
        _G.host = nil

        -- The one way the host calls the script: the memory limit holds only inside it.
        return function(fn, ...)
          enforce(true)
          local r = pack(rawpcall(fn, ...))
          enforce(false)
          if not r[1] then error(r[2], 0) end
          return unpack(r, 2, r.n)
        end
        """;
}
