import { imageTypeOf } from '../../../src/doctor-profile/photos';
import { TINY_PNG, TINY_WEBP } from '../../helpers/images';

describe('what an uploaded file is', () => {
  it('is read from its bytes: PNG and WebP are images, text named anything is not', async () => {
    expect(await imageTypeOf(TINY_PNG)).toBe('image/png');
    expect(await imageTypeOf(TINY_WEBP)).toBe('image/webp');
    expect(await imageTypeOf(Buffer.from('just some notes'))).toBeUndefined();
    expect(await imageTypeOf(Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\n'))).toBeUndefined();
  });
});
