import { describe, expect, it } from 'vitest';
import { addressRefusal, classifyAddress, ipv6Bytes } from './address-policy.js';

describe('address policy', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', 'public'],
    ['192.168.1.10', 'private'],
    ['100.64.0.1', 'shared_cgnat'],
    ['169.254.1.1', 'link_local'],
    ['169.254.169.254', 'metadata'],
    ['0.0.0.0', 'unspecified'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['2606:4700:4700::1111', 'public'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd12:3456::1', 'private'],
    ['fe80::1%eth0', 'link_local'],
    ['ff02::1', 'multicast'],
    ['fd00:ec2::254', 'metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['::ffff:8.8.8.8', 'public'],
    ['::127.0.0.1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
  ])('%s is %s', (address, category) => {
    expect(classifyAddress(address)).toBe(category);
  });

  it('parses IPv6 spellings to the same bytes', () => {
    expect(ipv6Bytes('::ffff:127.0.0.1')).toEqual(ipv6Bytes('0:0:0:0:0:ffff:7f00:0001'));
    expect(ipv6Bytes('[::1]')).toEqual(ipv6Bytes('0::0:1'));
    expect(ipv6Bytes('not-an-address')).toBeNull();
  });

  it('lets private addresses through only when allowed, and metadata never', () => {
    expect(addressRefusal('127.0.0.1', false)).toMatch(/loopback/);
    expect(addressRefusal('127.0.0.1', true)).toBeNull();
    expect(addressRefusal('::1', ['0:0::1'])).toBeNull();
    expect(addressRefusal('127.0.0.2', ['127.0.0.1'])).toMatch(/loopback/);
    expect(addressRefusal('169.254.169.254', true)).toMatch(/metadata address, which is never fetched/);
    expect(addressRefusal('fd00:ec2::254', true)).toMatch(/metadata/);
    expect(addressRefusal('0.0.0.0', true)).toMatch(/unspecified/);
    expect(addressRefusal('93.184.215.14', false)).toBeNull();
  });
});
