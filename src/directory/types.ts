export interface Hospital {
  id: string;
  name: string;
  city: string;
  address: string;
  phone: string;
}

export interface Specialty {
  slug: string;
  name: string;
  description: string;
}
