-- wrk script for bench/upsert.bench.js: every request updates a random prefilled key with a
-- given name no request has sent before, so each one is a real change (version + 1).
-- Arguments (after --): <rest|graphql> <secret> <number of prefilled keys>
local headers = {}
local mode, keys
local counter = 0

function init(args)
  mode = args[1]
  headers["Authorization"] = "Bearer " .. args[2]
  headers["Content-Type"] = "application/json"
  keys = tonumber(args[3])
  math.randomseed(os.time() * 1000 + math.floor(os.clock() * 1000000))
  counter = math.random(1, 1000000000)
end

function request()
  counter = counter + 1
  local customer = string.format('{"emailAddress":"bench.%d@star.com","givenName":"G%d","familyName":"Bench"}', math.random(1, keys), counter)
  if mode == "graphql" then
    return wrk.format("POST", "/graphql", headers,
      '{"query":"mutation($input: CustomerInput!) { upsertCustomer(input: $input) { customerId merchantId } }","variables":{"input":{"consumer":' .. customer .. '}}}')
  end
  return wrk.format("POST", "/customers", headers, '{"UpsertConsumerCustomer":' .. customer .. '}')
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_us=%d p99_us=%d requests=%d bad=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(99), summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout))
end
