import { generatorFor } from '../base.js';

export default generatorFor('custom');
