/** Every key of the directory table is built here. */
export const hospitalKey = (id: string) => ({ pk: 'HOSPITAL', sk: id });
export const specialtyKey = (slug: string) => ({ pk: 'SPECIALTY', sk: slug });
